import unittest

import fixtures  # noqa: F401  (bench/ on the import path)
from tokenbench.memory import bench_user, class_growth, parse_histogram

HISTOGRAM = """12345:
 num     #instances         #bytes  class name (module)
-------------------------------------------------------
   1:        120000        9600000  [B (java.base@17.0.15)
   2:         40000        1280000  java.lang.String (java.base@17.0.15)
   3:          9998         399920  dev.tokenbroker.upstream.UpstreamToken
Total        169998       11279920
"""


class HistogramTest(unittest.TestCase):

    def test_each_class_has_its_instances_and_bytes(self):
        classes, _ = parse_histogram(HISTOGRAM)
        self.assertEqual(classes["dev.tokenbroker.upstream.UpstreamToken"], (9998, 399920))
        self.assertEqual(classes["[B"], (120000, 9600000))

    def test_the_total_is_the_live_bytes(self):
        self.assertEqual(parse_histogram(HISTOGRAM)[1], 11279920)

    def test_a_histogram_without_total_has_none(self):
        self.assertIsNone(parse_histogram("jcmd failed\n")[1])

    def test_growth_is_largest_first_and_counts_new_classes_from_zero(self):
        before = {"java.lang.String": (40000, 1280000)}
        after = {"java.lang.String": (41000, 1312000), "dev.tokenbroker.upstream.UpstreamToken": (9998, 399920)}
        self.assertEqual(class_growth(before, after), [(399920, 9998, "dev.tokenbroker.upstream.UpstreamToken"),
                                                       (32000, 1000, "java.lang.String")])


class BenchUserTest(unittest.TestCase):

    def test_users_are_numbered_with_matching_email_and_password(self):
        self.assertEqual(bench_user(42), ("bench00042", "bench00042@acme.test", "bench-42"))


if __name__ == "__main__":
    unittest.main()
