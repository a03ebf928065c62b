import unittest

import fixtures  # noqa: F401  (bench/ on the import path)
from tokenbench.load import balancing_runs, round_order, warm_up_passes
from tokenbench.scenarios import MODES, ROUND_ORDER, SCENARIOS, keys_at


class RoundOrderTest(unittest.TestCase):

    def test_odd_rounds_run_in_the_given_order(self):
        self.assertEqual(round_order("sabcd", 1), list("sabcd"))
        self.assertEqual(round_order("sabcd", 3), list("sabcd"))

    def test_even_rounds_run_in_reverse(self):
        self.assertEqual(round_order("sabcd", 2), list("dcbas"))

    def test_every_scenario_takes_the_middle_position_on_average_over_two_rounds(self):
        for level in (1, 8, 32):
            keys = keys_at(level)
            positions = {key: [round_order(keys, n).index(key) for n in (1, 2)] for key in keys}
            self.assertEqual({sum(p) for p in positions.values()}, {len(keys) - 1})

    def test_stock_and_installed_unused_are_neighbours_in_every_round(self):
        for level in (1, 8, 32):
            for round_no in (1, 2):
                order = round_order(keys_at(level), round_no)
                self.assertEqual(abs(order.index("s") - order.index("a")), 1)

    def test_the_policy_scenarios_run_next_to_delegation_without_a_policy(self):
        for round_no in (1, 2):
            order = round_order(keys_at(8), round_no)
            self.assertEqual(abs(order.index("e") - order.index("b")), 1)
            self.assertEqual(abs(order.index("f") - order.index("b")), 2)

    def test_the_policy_scenarios_run_at_8_and_32_connections_only(self):
        self.assertEqual(keys_at(1), ["s", "a", "b", "c", "d"])
        self.assertEqual(keys_at(8), list(ROUND_ORDER))
        self.assertEqual(keys_at(32), list(ROUND_ORDER))
        self.assertEqual(MODES["full"]["levels"], (1, 8, 32))

    def test_the_policy_scenarios_join_only_the_last_warm_up_pass(self):
        passes = warm_up_passes(ROUND_ORDER, 3)
        self.assertEqual([key for n, key in passes if n < 3], ["s", "a", "b", "c", "d"] * 2)
        self.assertEqual([key for n, key in passes if n == 3], list(ROUND_ORDER))
        self.assertEqual([key for _, key in warm_up_passes(ROUND_ORDER, 1)], list(ROUND_ORDER))

    def test_the_stock_server_gets_as_many_warm_up_runs_as_the_installed_one(self):
        plan = warm_up_passes(ROUND_ORDER, 3)  # installed: a b c d three times, e f once = 14; stock: 3
        self.assertEqual(balancing_runs(plan), ["s"] * 11)

    def test_balanced_warm_up_needs_nothing_more_when_the_servers_are_even(self):
        self.assertEqual(balancing_runs([(1, "s"), (1, "a")]), [])
        self.assertEqual(balancing_runs([]), [])

    def test_stock_is_measured_in_the_same_rounds_as_the_installed_scenarios(self):
        self.assertEqual(list(SCENARIOS), ["s", "a", "b", "c", "d", "e", "f"])
        self.assertEqual(sorted(ROUND_ORDER), sorted(SCENARIOS))
        self.assertEqual(SCENARIOS["s"].server, "stock")
        self.assertEqual({SCENARIOS[k].server for k in "abcdef"}, {"installed"})

    def test_the_policy_scenarios_make_delegation_s_request_to_an_audience_with_a_policy(self):
        b, e, f = SCENARIOS["b"], SCENARIOS["e"], SCENARIOS["f"]
        self.assertEqual({e.client, f.client}, {b.client})
        self.assertEqual((b.policy, e.policy, f.policy), ("none", "builtin", "opa"))
        self.assertEqual(len({b.audience, e.audience, f.audience}), 3)

    def test_stock_does_the_same_request_as_installed_unused(self):
        s, a = SCENARIOS["s"], SCENARIOS["a"]
        self.assertEqual((s.client, s.audience), (a.client, a.audience))


if __name__ == "__main__":
    unittest.main()
