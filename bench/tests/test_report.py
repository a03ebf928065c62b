import unittest

from fixtures import measured_run, paired_runs, report_state
from tokenbench.report import render

RATIOS = {"a": [0.99, 1.0, 0.99, 1.0], "b": [0.97, 0.98, 0.975, 0.985], "c": [2.2, 2.3, 2.25, 2.2],
          "d": [0.9, 0.88, 0.9, 0.92]}
POLICY_RATIOS = {"e": [0.96, 0.97, 0.965, 0.97], "f": [0.85, 0.86, 0.84, 0.85]}  # to stock, as b is


def row(document, prefix):
    return next(line for line in document.splitlines() if line.startswith(prefix))


class FullRunReportTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        # as a run measures: (e) and (f) at 8 connections, not at 1
        cls.runs = paired_runs(RATIOS, levels=(1,)) + paired_runs(dict(RATIOS, **POLICY_RATIOS), levels=(8,))
        cls.document = render(report_state(cls.runs, levels=(1, 8)))

    def test_stock_is_the_baseline_of_every_level(self):
        self.assertIn("| 1.00 (baseline) |", row(self.document, "| s: stock Keycloak, standard exchange | 8 |"))

    def test_ratios_to_stock_and_to_installed_unused_stand_side_by_side(self):
        cells = row(self.document, "| b: delegation with act | 8 |").split(" | ")
        self.assertEqual(cells[4:6], ["0.978×", "0.982×"])  # mean of b / mean of s, then / mean of a

    def test_the_policy_scenarios_show_their_ratio_to_delegation_without_a_policy(self):
        cells = row(self.document, "| e: delegation, built-in policy | 8 |").split(" | ")
        self.assertEqual(cells[6], f"{0.96625 / 0.9775:.3f}×")
        self.assertEqual(row(self.document, "| b: delegation with act | 8 |").split(" | ")[6], "1.00")
        self.assertEqual(row(self.document, "| c: federated, cache hit | 8 |").split(" | ")[6], "–")
        self.assertFalse(any(line.startswith("| e: delegation, built-in policy | 1 |")
                             for line in self.document.splitlines()))

    def test_the_policy_targets_are_decided_against_delegation(self):
        self.assertTrue(row(self.document, "| (e) built-in policy ≥ 0.95× (b), all levels |").endswith("| yes |"))
        self.assertTrue(row(self.document, "| (f) OPA policy ≥ 0.8× (b), all levels |").endswith("| yes |"))
        self.assertNotIn("| (e) built-in policy ≥ 0.95× (b), 1 conn.", self.document)

    def test_the_policy_scenarios_are_explained(self):
        self.assertIn("| e | installed | `mcp-gateway` | `bench-policy-builtin` |", self.document)
        self.assertIn("`tokenbroker.policy.engine=opa`", self.document)
        self.assertIn("`dev.tokenbroker.audit`", self.document)
        self.assertIn("rounds of s, a, b, e, f, c, d and d, c, f, e, b, a, s", self.document)

    def test_every_scenario_reports_each_round(self):
        self.assertIn("| 1760 / 1840 / 1800 / 1760 |", row(self.document, "| c: federated, cache hit | 1 |"))

    def test_the_stock_server_is_explained(self):
        self.assertIn("### The stock server (s)", self.document)
        self.assertIn("empty `providers/`", self.document)
        self.assertIn("Invalid provider type", self.document)

    def test_each_target_has_a_verdict_per_level_and_over_all_levels(self):
        self.assertRegex(row(self.document, "| (a) installed but unused ≥ 0.98× stock, all levels |"),
                         r"\| 0\.995× ± 0\.\d{3} \(95 % interval of 8 paired ratios\) \| yes \|$")
        self.assertTrue(row(self.document, "| (b) delegation ≥ 0.95× stock, 1 conn. |").endswith("| yes |"))
        self.assertTrue(row(self.document, "| (c) cache hit ≥ 2× stock, all levels |").endswith("| yes |"))

    def test_a_missed_target_is_bold(self):
        document = render(report_state(paired_runs({"b": [0.90, 0.91, 0.89, 0.90]})))
        self.assertTrue(row(document, "| (b) delegation ≥ 0.95× stock, all levels |").endswith("| **no** |"))

    def test_zero_errors_counts_every_reported_request(self):
        requests = sum(r["requests"] for r in self.runs)
        self.assertEqual(row(self.document, "| zero errors"),
                         f"| zero errors (all reported runs, {requests:,} requests) | 0 | yes |")

    def test_the_command_and_duration_are_stated(self):
        self.assertIn("./bench/run-benchmark.sh           # full run (~40 min)", self.document)

    def test_both_servers_run_with_the_same_jvm_options(self):
        self.assertIn("| JVM options, stock server (the same) | `-Xms64m -Xmx512m` |", self.document)


class QuickRunReportTest(unittest.TestCase):

    def test_a_quick_run_says_its_ratios_are_indicative(self):
        document = render(report_state(paired_runs({"a": [1.0]}), quick=True, rounds=1))
        self.assertIn("`./bench/run-benchmark.sh --quick`", document)
        self.assertIn("indicative only", document)
        self.assertTrue(row(document, "| (a) installed but unused ≥ 0.98× stock, 8 conn. |")
                        .endswith("| **not decided** |"))


class DriftReportTest(unittest.TestCase):

    def test_each_baseline_re_checked_at_the_end_shows_its_drift(self):
        runs = paired_runs({"a": [1.0, 1.0]}) + [measured_run("s", 8, 0, 780.0, phase="recheck"),
                                                 measured_run("a", 8, 0, 760.0, phase="recheck")]
        document = render(report_state(runs))
        self.assertIn("(s) came out -2.5 %, (a) came out -5.0 %", document)
        self.assertIn("| 0.97× of (s) at 8 above |", row(document, "| s: re-check at the end |"))


class EarlierResultsReportTest(unittest.TestCase):

    def test_results_without_stock_runs_render_without_ratios_to_stock(self):
        runs = [measured_run(key, 8, n, 800.0) for key in "abcd" for n in (1, 2)]
        state = report_state(runs, stock_port=None)
        del state["facts"]["jvm_stock"]
        document = render(state)
        self.assertIn("| – | 1.00 |", row(document, "| a: installed, unused: standard exchange | 8 |"))
        self.assertNotIn("| (a) installed but unused", document)


if __name__ == "__main__":
    unittest.main()
