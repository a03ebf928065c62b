import unittest

from fixtures import measured_run, paired_runs
from tokenbench.statistics import aggregate, group, interval, paired_ratios, symmetric_round_ratios


class IntervalTest(unittest.TestCase):

    def test_three_values_use_student_t_with_two_degrees_of_freedom(self):
        m, half = interval([1.0, 2.0, 3.0])  # standard deviation 1
        self.assertAlmostEqual(m, 2.0)
        self.assertAlmostEqual(half, 4.30 / 3 ** 0.5)

    def test_one_value_has_no_width(self):
        self.assertEqual(interval([0.97]), (0.97, 0.0))

    def test_identical_values_have_no_width(self):
        self.assertEqual(interval([1.5, 1.5, 1.5, 1.5])[1], 0.0)

    def test_beyond_the_table_uses_two(self):
        values = [1.0, 2.0] * 10
        sd = (sum((v - 1.5) ** 2 for v in values) / 19) ** 0.5
        self.assertAlmostEqual(interval(values)[1], 2.0 * sd / 20 ** 0.5)


class AggregateTest(unittest.TestCase):

    def setUp(self):
        self.rounds = [
            measured_run("a", 8, 1, 800.0, non2xx=1, upstream_calls=3, latency_us=dict(
                mean=9000.0, p50=8000, p90=15000, p99=20000, p999=30000, max=40000)),
            measured_run("a", 8, 2, 1000.0, socket_error_count=2, upstream_calls=5, latency_us=dict(
                mean=7000.0, p50=6000, p90=11000, p99=30000, p999=50000, max=90000)),
        ]

    def test_throughput_and_latency_are_means_of_the_rounds(self):
        agg = aggregate(self.rounds)
        self.assertEqual(agg["rps"], 900.0)
        self.assertEqual(agg["round_rps"], [800.0, 1000.0])
        self.assertEqual(agg["latency_us"]["p99"], 25000)

    def test_largest_latency_is_the_maximum_of_the_rounds(self):
        self.assertEqual(aggregate(self.rounds)["latency_us"]["max"], 90000)

    def test_errors_requests_and_upstream_calls_are_totals(self):
        agg = aggregate(self.rounds)
        self.assertEqual((agg["non2xx"], agg["socket_error_count"], agg["upstream_calls"]), (1, 2, 8))
        self.assertEqual(agg["requests"], self.rounds[0]["requests"] + self.rounds[1]["requests"])

    def test_spread_is_the_range_of_the_rounds_over_their_mean(self):
        self.assertAlmostEqual(aggregate(self.rounds)["spread"], 200.0 / 900.0)

    def test_one_round_has_no_spread(self):
        self.assertEqual(aggregate(self.rounds[:1])["spread"], 0.0)


class PairedRatiosTest(unittest.TestCase):

    def test_each_run_is_divided_by_the_baseline_of_its_round_and_level(self):
        runs = paired_runs({"a": [0.9, 1.1]}, levels=(1, 8))
        runs[0]["rps"] = 400.0  # stock, level 1, round 1: only a's run of that round and level moves
        ratios = paired_ratios(group(runs), "a", "s", (1, 8))
        self.assertEqual([round(r, 3) for r in ratios], [1.8, 1.1, 0.9, 1.1])

    def test_a_run_without_its_baseline_partner_is_left_out(self):
        runs = [r for r in paired_runs({"a": [0.9, 1.1]}) if not (r["scenario"] == "s" and r["round"] == 2)]
        self.assertEqual(paired_ratios(group(runs), "a", "s", (8,)), [0.9])

    def test_only_measured_runs_are_grouped(self):
        runs = paired_runs({"a": [1.0]}) + [measured_run("a", 8, 1, 5.0, phase="warmup")]
        self.assertEqual(len(group(runs)[("a", 8)]), 1)


if __name__ == "__main__":
    unittest.main()


class SymmetricRoundRatiosTest(unittest.TestCase):

    def test_a_steady_drift_over_the_round_cancels(self):
        # every run 10 req/s slower than the one before; b is truly the same as s, e 0.9 of b
        order = "sbeffebs"
        truth = {"s": 1000.0, "b": 1000.0, "e": 900.0, "f": 800.0}
        runs = [{"scenario": key, "rps": truth[key] - 10.0 * i} for i, key in enumerate(order)]
        ratios = symmetric_round_ratios(runs, [("b", "s"), ("e", "b")])
        self.assertAlmostEqual(ratios["b"], 1.0)
        self.assertAlmostEqual(ratios["e"], (900.0 - 10.0 * 3.5) / (1000.0 - 10.0 * 3.5))
