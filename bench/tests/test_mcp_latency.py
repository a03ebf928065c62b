import unittest

import fixtures  # noqa: F401  (bench/ on the import path)
from tokenbench.mcp_latency import overhead, percentile, sse_or_json, summary


class McpLatencyTest(unittest.TestCase):

    def test_the_median_and_99th_percentile_are_nearest_rank(self):
        samples = list(range(1, 101))
        self.assertEqual(percentile(samples, 50), 50)
        self.assertEqual(percentile(samples, 99), 99)
        self.assertEqual(percentile([7.0], 99), 7.0)

    def test_the_overhead_is_gateway_minus_direct_at_each_percentile(self):
        direct = summary([10.0] * 99 + [30.0])
        gateway = summary([12.5] * 99 + [40.0])
        self.assertEqual(overhead(gateway, direct), {"p50_ms": 2.5, "p99_ms": 2.5})

    def test_a_streamed_answer_is_the_last_data_event(self):
        body = 'id: 1\nevent: message\ndata: {"jsonrpc":"2.0","id":2,"result":{"isError":false}}\n\n'
        self.assertEqual(sse_or_json(body, "text/event-stream")["id"], 2)
        self.assertEqual(sse_or_json('{"id":3}', "application/json")["id"], 3)


if __name__ == "__main__":
    unittest.main()
