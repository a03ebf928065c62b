import unittest

from fixtures import measured_run
from tokenbench.processes import thread_kind
from tokenbench.simultaneous import core_plan, pair_ratio


class CorePlanTest(unittest.TestCase):

    def test_different_servers_get_a_core_each_then_swap(self):
        self.assertEqual(core_plan("b", "s", cpus=2), [(0, 1), (1, 0)])

    def test_the_same_server_shares_its_cores_for_as_many_runs(self):
        self.assertEqual(core_plan("e", "b", cpus=2), [None, None])

    def test_one_core_cannot_be_split(self):
        self.assertEqual(core_plan("a", "s", cpus=1), [None, None])


class PairRatioTest(unittest.TestCase):

    def test_a_core_that_is_faster_for_either_server_cancels_over_the_swap(self):
        # core 0 is 20 % faster; b truly costs 1/0.95 of s
        runs = [measured_run("b", 8, 1, 950.0 * 1.2), measured_run("s", 8, 1, 1000.0),
                measured_run("b", 8, 1, 950.0), measured_run("s", 8, 1, 1000.0 * 1.2)]
        self.assertAlmostEqual(pair_ratio(runs, "b", "s"), 0.95)

    def test_a_pair_needs_both_sides_of_every_run(self):
        with self.assertRaises(ValueError):
            pair_ratio([measured_run("b", 8, 1, 900.0)], "b", "s")


class ThreadKindTest(unittest.TestCase):

    def test_jvm_threads_by_their_names_as_proc_shows_them(self):
        # /proc/<pid>/task/<tid>/comm: at most 15 characters
        self.assertEqual([thread_kind(n) for n in ("C2 CompilerThre", "C1 CompilerThre")], ["jit", "jit"])
        self.assertEqual([thread_kind(n) for n in ("G1 Main Marker", "G1 Conc#0", "G1 Refine#1", "GC Thread#1", "VM Thread")],
                         ["gc"] * 5)
        self.assertEqual([thread_kind(n) for n in ("executor-thread", "vert.x-eventloo", "java")], ["other"] * 3)


if __name__ == "__main__":
    unittest.main()
