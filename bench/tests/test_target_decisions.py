import unittest

from fixtures import measured_run, paired_runs
from tokenbench.statistics import NO, NOT_DECIDED, YES, decide, group
from tokenbench.targets import TARGETS, error_verdict, memory_verdict, ratio_decision, round_ratio_table, \
    start_ratio_table, throughput_verdicts


def by_target(runs, levels=(8,)):
    return {v.target: v for v in throughput_verdicts(group(runs), levels)}


class DecideTest(unittest.TestCase):

    def test_held_when_the_whole_interval_meets_the_target(self):
        self.assertEqual(decide(1.0, 0.01, 0.98), YES)

    def test_held_when_the_interval_just_touches_the_target(self):
        self.assertEqual(decide(1.0, 0.02, 0.98), YES)

    def test_missed_when_the_whole_interval_misses_the_target(self):
        self.assertEqual(decide(0.90, 0.02, 0.95), NO)

    def test_not_decided_when_the_target_lies_within_the_interval(self):
        self.assertEqual(decide(2.05, 0.10, 2.0), NOT_DECIDED)

    def test_lower_is_better_mirrors_the_decision(self):
        self.assertEqual(decide(0.9, 0.05, 1.0, higher_is_better=False), YES)
        self.assertEqual(decide(1.2, 0.05, 1.0, higher_is_better=False), NO)
        self.assertEqual(decide(1.0, 0.05, 1.0, higher_is_better=False), NOT_DECIDED)


class ThroughputTargetsTest(unittest.TestCase):

    def test_the_targets_are_the_agreed_ratios_to_stock_and_to_delegation_without_a_policy(self):
        self.assertEqual([(t.scenario, t.need, t.baseline) for t in TARGETS],
                         [("a", 0.98, "s"), ("b", 0.95, "s"), ("c", 2.0, "s"), ("e", 0.95, "b"), ("f", 0.8, "b")])

    def test_the_policy_scenarios_are_decided_against_delegation_not_against_stock(self):
        # (b) at 0.9x stock; (e) at 0.97x of (b) and (f) at 0.85x of (b): both held although below 0.95x stock
        verdicts = by_target(paired_runs({"b": [0.9] * 4, "e": [0.873, 0.8775, 0.873, 0.8739],
                                          "f": [0.765, 0.7695, 0.7605, 0.765]}))
        self.assertEqual(verdicts["(e) built-in policy ≥ 0.95× (b), all levels"].decision, YES)
        self.assertEqual(verdicts["(f) OPA policy ≥ 0.8× (b), all levels"].decision, YES)
        self.assertRegex(verdicts["(e) built-in policy ≥ 0.95× (b), 8 conn."].measured, r"^0\.97\d×")

    def test_an_opa_policy_well_below_its_target_is_missed(self):
        verdicts = by_target(paired_runs({"b": [1.0] * 4, "f": [0.7, 0.72, 0.71, 0.7]}))
        self.assertEqual(verdicts["(f) OPA policy ≥ 0.8× (b), all levels"].decision, NO)

    def test_a_policy_scenario_not_measured_at_a_level_has_no_verdict_there(self):
        runs = paired_runs({"b": [1.0, 1.0]}, levels=(1,)) + paired_runs({"b": [1.0, 1.0], "e": [0.99, 1.0]},
                                                                         levels=(8,))
        verdicts = by_target(runs, levels=(1, 8))
        self.assertIn("(e) built-in policy ≥ 0.95× (b), 8 conn.", verdicts)
        self.assertNotIn("(e) built-in policy ≥ 0.95× (b), 1 conn.", verdicts)

    def test_installed_but_unused_close_to_stock_is_held(self):
        verdicts = by_target(paired_runs({"a": [0.99, 1.0, 0.995, 1.005]}))
        self.assertEqual(verdicts["(a) installed but unused ≥ 0.98× stock, all levels"].decision, YES)

    def test_delegation_well_below_its_target_is_missed(self):
        verdicts = by_target(paired_runs({"b": [0.90, 0.91, 0.89, 0.90]}))
        self.assertEqual(verdicts["(b) delegation ≥ 0.95× stock, all levels"].decision, NO)

    def test_cache_hit_whose_noise_spans_the_target_is_not_decided(self):
        verdicts = by_target(paired_runs({"c": [1.8, 2.3, 1.9, 2.2]}))
        self.assertEqual(verdicts["(c) cache hit ≥ 2× stock, all levels"].decision, NOT_DECIDED)

    def test_ratios_are_taken_against_stock_not_against_the_installed_server(self):
        # (b) matches (a) exactly, but both run at half of stock's throughput
        verdicts = by_target(paired_runs({"a": [0.5, 0.5], "b": [0.5, 0.5]}))
        self.assertEqual(verdicts["(b) delegation ≥ 0.95× stock, all levels"].decision, NO)

    def test_one_pair_per_level_decides_nothing_but_the_levels_pooled_do(self):
        verdicts = by_target(paired_runs({"a": [1.0]}, levels=(1, 8, 32)), levels=(1, 8, 32))
        self.assertEqual(verdicts["(a) installed but unused ≥ 0.98× stock, 8 conn."].decision, NOT_DECIDED)
        self.assertIn("one pair", verdicts["(a) installed but unused ≥ 0.98× stock, 8 conn."].measured)
        self.assertEqual(verdicts["(a) installed but unused ≥ 0.98× stock, all levels"].decision, YES)

    def test_each_level_is_decided_on_its_own_rounds(self):
        runs = paired_runs({"a": [1.0, 1.0]}, levels=(1,)) + paired_runs({"a": [0.8, 0.8]}, levels=(32,))
        verdicts = by_target(runs, levels=(1, 32))
        self.assertEqual(verdicts["(a) installed but unused ≥ 0.98× stock, 1 conn."].decision, YES)
        self.assertEqual(verdicts["(a) installed but unused ≥ 0.98× stock, 32 conn."].decision, NO)

    def test_a_scenario_that_was_not_measured_has_no_verdict(self):
        self.assertEqual(list(by_target(paired_runs({"a": [1.0, 1.0]}))),
                         ["(a) installed but unused ≥ 0.98× stock, 8 conn.",
                          "(a) installed but unused ≥ 0.98× stock, all levels"])

    def test_a_level_disturbed_by_other_processes_says_so(self):
        runs = paired_runs({"a": [1.0, 1.0]})
        runs[0]["other_cpu_pct"] = 60.0
        self.assertIn("disturbed: other processes used 60 %",
                      by_target(runs)["(a) installed but unused ≥ 0.98× stock, 8 conn."].measured)


class ErrorTargetTest(unittest.TestCase):

    def test_no_errors_in_reported_runs_is_held(self):
        verdict = error_verdict(paired_runs({"a": [1.0]}))
        self.assertEqual((verdict.measured, verdict.decision), ("0", YES))

    def test_errors_and_socket_errors_of_reported_runs_count(self):
        runs = paired_runs({"a": [1.0]}) + [measured_run("s", 8, 0, 800.0, phase="recheck", non2xx=2,
                                                          socket_error_count=1)]
        verdict = error_verdict(runs)
        self.assertEqual((verdict.measured, verdict.decision), ("3", NO))

    def test_errors_during_warm_up_do_not_count(self):
        runs = paired_runs({"a": [1.0]}) + [measured_run("a", 8, 0, 800.0, phase="warmup", non2xx=50)]
        self.assertEqual(error_verdict(runs).decision, YES)


class MemoryTargetTest(unittest.TestCase):

    def memory(self, before, after):
        return dict(users=10_000, before=dict(rss_mb=before), after=dict(rss_mb=after),
                    run=measured_run("m", 8, 0, 1400.0, phase="memory", requests=100_000))

    def test_growth_under_the_limit_is_held(self):
        self.assertEqual(memory_verdict(self.memory(1000, 1090)).decision, YES)

    def test_growth_at_the_limit_is_missed(self):
        self.assertEqual(memory_verdict(self.memory(1000, 1100)).decision, NO)


if __name__ == "__main__":
    unittest.main()


class RoundRatioTableTest(unittest.TestCase):
    """The table the experiments (paired-targets.py, simultaneous-targets.py) decide the targets with."""

    def test_one_row_per_target_with_every_round_and_the_verdict(self):
        a, b = TARGETS[0], TARGETS[1]
        rows = round_ratio_table([a, b], [{"a": 0.99, "b": 0.90}, {"a": 1.01, "b": 0.92}, {"a": 1.00, "b": 0.91}])
        self.assertEqual(rows[:2], ["| target | ratio per round | mean ± 95 % interval | met? |", "|---|---|---:|---|"])
        self.assertEqual(rows[2], "| (a) installed but unused ≥ 0.98× stock | 0.990 1.010 1.000 | 1.000 ± 0.025 | not decided |")
        self.assertEqual(rows[3], "| (b) delegation ≥ 0.95× stock | 0.900 0.920 0.910 | 0.910 ± 0.025 | no |")

    def test_a_single_round_decides_nothing_however_far_from_the_target(self):
        self.assertEqual(ratio_decision([0.5], 0.95)[2], NOT_DECIDED)
        self.assertTrue(round_ratio_table([TARGETS[1]], [{"b": 0.5}])[2].endswith("| not decided |"))


class StartRatioTableTest(unittest.TestCase):

    def test_each_start_weighs_once_whatever_its_number_of_rounds(self):
        a = TARGETS[0]
        rows = start_ratio_table([a], [[{"a": 0.94}, {"a": 0.96}], [{"a": 1.00}], [{"a": 0.99}, {"a": 1.01}, {"a": 1.00}]])
        self.assertEqual(rows[:2], ["| target | mean ratio per start (its rounds) | mean ± 95 % interval over starts | met? |",
                                    "|---|---|---:|---|"])
        # starts 0.95, 1.00, 1.00: mean 0.983, sd 0.0289, t(2) 4.30 -> ± 0.072
        self.assertEqual(rows[2], "| (a) installed but unused ≥ 0.98× stock | 0.950 (2) 1.000 (1) 1.000 (3) | 0.983 ± 0.072 | not decided |")

    def test_rounds_that_agree_within_a_start_do_not_decide_when_the_starts_disagree(self):
        b = TARGETS[1]
        tight_but_apart = [[{"b": 0.93}, {"b": 0.931}, {"b": 0.929}], [{"b": 0.99}, {"b": 0.991}, {"b": 0.989}]]
        self.assertEqual(round_ratio_table([b], tight_but_apart[0])[2].split(" | ")[-1], "no |")
        self.assertTrue(start_ratio_table([b], tight_but_apart)[2].endswith("| not decided |"))

    def test_a_single_start_decides_nothing(self):
        self.assertTrue(start_ratio_table([TARGETS[0]], [[{"a": 0.5}, {"a": 0.5}]])[2].endswith("| not decided |"))
