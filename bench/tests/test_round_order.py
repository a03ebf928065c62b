import unittest

import fixtures  # noqa: F401  (bench/ on the import path)
from tokenbench.load import round_order
from tokenbench.scenarios import SCENARIOS


class RoundOrderTest(unittest.TestCase):

    def test_odd_rounds_run_in_the_given_order(self):
        self.assertEqual(round_order("sabcd", 1), list("sabcd"))
        self.assertEqual(round_order("sabcd", 3), list("sabcd"))

    def test_even_rounds_run_in_reverse(self):
        self.assertEqual(round_order("sabcd", 2), list("dcbas"))

    def test_every_scenario_takes_the_middle_position_on_average_over_two_rounds(self):
        keys = list(SCENARIOS)
        positions = {key: [round_order(keys, n).index(key) for n in (1, 2)] for key in keys}
        self.assertEqual({sum(p) for p in positions.values()}, {len(keys) - 1})

    def test_stock_and_installed_unused_are_neighbours_in_every_round(self):
        for round_no in (1, 2):
            order = round_order(SCENARIOS, round_no)
            self.assertEqual(abs(order.index("s") - order.index("a")), 1)

    def test_stock_is_measured_in_the_same_rounds_as_the_installed_scenarios(self):
        self.assertEqual(list(SCENARIOS), ["s", "a", "b", "c", "d"])
        self.assertEqual(SCENARIOS["s"].server, "stock")
        self.assertEqual({SCENARIOS[k].server for k in "abcd"}, {"installed"})

    def test_stock_does_the_same_request_as_installed_unused(self):
        s, a = SCENARIOS["s"], SCENARIOS["a"]
        self.assertEqual((s.client, s.audience), (a.client, a.audience))


if __name__ == "__main__":
    unittest.main()
