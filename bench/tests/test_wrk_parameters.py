import base64
import unittest

import fixtures  # noqa: F401  (bench/ on the import path)
from tokenbench.load import WRK_SCRIPT, derive, parse_wrk_result, wrk_command, wrk_environment, wrk_threads

CLIENT = ("bench-native", "bench-native-secret")


class WrkEnvironmentTest(unittest.TestCase):

    def test_client_authenticates_with_http_basic(self):
        env = wrk_environment(CLIENT, "analytics-mcp", 2, token="t")
        scheme, encoded = env["BENCH_AUTH"].split(" ")
        self.assertEqual((scheme, base64.b64decode(encoded).decode()), ("Basic", "bench-native:bench-native-secret"))

    def test_one_subject_token_for_every_request(self):
        env = wrk_environment(CLIENT, "analytics-mcp", 2, token="subject")
        self.assertEqual((env["BENCH_TOKEN"], env["BENCH_AUDIENCE"], env["BENCH_THREADS"]),
                         ("subject", "analytics-mcp", "2"))
        self.assertNotIn("BENCH_TOKEN_FILE", env)
        self.assertNotIn("BENCH_QUOTA", env)

    def test_a_token_file_replaces_the_single_token(self):
        env = wrk_environment(CLIENT, "databricks-bench", 2, token_file="results/tokens.txt")
        self.assertEqual(env["BENCH_TOKEN_FILE"], "results/tokens.txt")
        self.assertNotIn("BENCH_TOKEN", env)

    def test_a_quota_ends_the_run_after_that_many_responses(self):
        env = wrk_environment(CLIENT, "databricks-bench", 2, token_file="results/t", quota=100_000, done_dir="results/done")
        self.assertEqual((env["BENCH_QUOTA"], env["BENCH_DONE_DIR"]), ("100000", "results/done"))


class WrkCommandTest(unittest.TestCase):

    def test_no_more_threads_than_the_two_cores_or_the_connections(self):
        self.assertEqual([wrk_threads(c) for c in (1, 8, 32)], [1, 2, 2])

    def test_command_runs_the_exchange_script_against_the_token_endpoint(self):
        cmd = wrk_command(2, 32, 15, "http://localhost:8480/realms/acme/protocol/openid-connect/token")
        self.assertEqual(cmd, ["wrk", "-t", "2", "-c", "32", "-d", "15s", "--timeout", "10s", "-s", WRK_SCRIPT,
                               "http://localhost:8480/realms/acme/protocol/openid-connect/token"])
        self.assertTrue(WRK_SCRIPT.endswith("bench/exchange.lua"))


class WrkResultTest(unittest.TestCase):

    OUTPUT = ("Running 15s test @ http://localhost:8480/...\n  2 threads and 8 connections\n"
              'BENCH_RESULT {"requests": 12000, "duration_us": 15000000, "bytes": 1, '
              '"latency_us": {"mean": 9.5, "p50": 9, "p90": 12, "p99": 20, "p999": 30, "max": 40}, '
              '"socket_errors": {"connect": 0, "read": 1, "write": 0, "timeout": 2}, '
              '"status": {"200": 11990, "400": 10}}\n')

    def sampled(self):
        result = parse_wrk_result(self.OUTPUT)
        result.update(wall_s=15.0, cpu_pct=150.0, machine_busy_pct=90.0,
                      group_cpu_pct={"emulators": 10.0, "idle servers": 2.0})
        return result

    def test_the_result_line_is_found_among_wrk_output(self):
        self.assertEqual(parse_wrk_result(self.OUTPUT)["requests"], 12000)

    def test_output_without_a_result_line_gives_none(self):
        self.assertIsNone(parse_wrk_result("unable to connect to localhost:8480 Connection refused\n"))

    def test_throughput_is_requests_over_wrk_duration(self):
        self.assertEqual(derive(self.sampled(), 0.6, 2)["rps"], 800.0)

    def test_non_2xx_answers_and_socket_errors_are_counted_apart(self):
        r = derive(self.sampled(), 0.6, 2)
        self.assertEqual((r["non2xx"], r["socket_error_count"]), (10, 3))

    def test_other_load_is_what_the_machine_did_beyond_our_processes(self):
        r = derive(self.sampled(), 0.6, 2)  # wrk: 0.6 s of CPU in 15 s = 4 %
        self.assertAlmostEqual(r["wrk_cpu_pct"], 4.0)
        self.assertAlmostEqual(r["other_cpu_pct"], 180.0 - 150.0 - 4.0 - 10.0 - 2.0)

    def test_other_load_is_never_negative(self):
        result = self.sampled()
        result["machine_busy_pct"] = 50.0
        self.assertEqual(derive(result, 0.6, 2)["other_cpu_pct"], 0.0)


if __name__ == "__main__":
    unittest.main()
