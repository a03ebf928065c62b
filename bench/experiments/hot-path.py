#!/usr/bin/env python3
"""Where does scenario (b), delegation, spend CPU that the baseline (a) does not?

Not part of bench/run-benchmark.sh. Same server set-up (./run.sh --fresh, benchmark objects through the
admin REST API, wrk + bench/exchange.lua). Then:

1. A/B rounds at 8 connections in the order a b b a a b ..., so steady drift cancels; prints each
   scenario's mean req/s, the spread of the per-pair ratios and Keycloak CPU per request.
2. With --profile: one JFR recording sampling every millisecond while a and b each run --profile-seconds.
   Samples are normalised per 1,000 requests, so the table shows which methods cost (b) more per request
   than (a) (inclusive: the method anywhere on the stack), not which take a larger share.
   Starting JFR de-optimises compiled code and its samples are biased towards safepoints; with
   --async-profiler <libasyncProfiler.so> (from the Maven Central artifact tools.profiler:async-profiler)
   the CPU samples come from async-profiler instead (itimer, 1 ms, attached through jcmd), a b b a, or
   the --scenarios given forward and back, each on its own server (s: the stock one).

Usage: python3 bench/experiments/hot-path.py [--pairs 6] [--seconds 10] [--conns 8]
           [--profile] [--profile-seconds 30] [--async-profiler LIB] [--scenarios sab]
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tokenbench.experiments import experiment_server  # noqa: E402
from tokenbench.pair_profile import Samples, difference_rows  # noqa: E402
from tokenbench.processes import jcmd  # noqa: E402
from tokenbench.scenarios import SCENARIOS  # noqa: E402

JFC = """<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="hot-path">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
</configuration>
"""


def ab_rounds(bench, pairs, seconds, conns):
    runs = {"a": [], "b": []}
    for pair in range(pairs):
        for key in ("ab" if pair % 2 == 0 else "ba"):
            time.sleep(1)
            runs[key].append(bench.load.undisturbed(
                lambda: bench.load.run(f"{key} pair {pair + 1}", key, conns, seconds)))
    ratios = [b["rps"] / a["rps"] for a, b in zip(runs["a"], runs["b"])]
    print("\n| scenario | req/s (mean) | runs | KC CPU ms/req (mean) | p99 ms (mean) |")
    print("|---|---:|---|---:|---:|")
    for key, rs in runs.items():
        per_run = " / ".join(f"{r['rps']:.0f}" for r in rs)
        print(f"| {key} | {statistics.mean(r['rps'] for r in rs):.0f} | {per_run} | "
              f"{statistics.mean(r['cpu_pct'] * 10 / r['rps'] for r in rs):.3f} | "
              f"{statistics.mean(r['latency_us']['p99'] for r in rs) / 1000:.1f} |")
    print(f"\nratio b/a per pair: {' '.join(f'{r:.3f}' for r in ratios)}; mean {statistics.mean(ratios):.3f}, "
          f"stdev {statistics.stdev(ratios) if len(ratios) > 1 else 0:.3f}")


def profile(bench, seconds):
    jfc = tempfile.NamedTemporaryFile("w", suffix=".jfc", delete=False)
    jfc.write(JFC)
    jfc.close()
    path = os.path.join(bench.results_dir, "hot-path.jfr")
    tokens = {key: bench.installed.subject_token() for key in "ab"}
    jcmd(bench.installed.pid, "JFR.start", "name=hot-path", "settings=" + jfc.name)
    for key in "ab":  # JFR's start de-optimises; recompile under the recording first
        bench.load.run(f"profile warm-up {key}", key, 8, 10, token=tokens[key], phase="profile-warmup")
    windows, requests = {}, {}
    for key in "abba":
        begin = time.time()
        r = bench.load.run(f"profile {key}", key, 8, seconds // 2, token=tokens[key], phase="profile")
        windows.setdefault(key, []).append((begin + 0.3, time.time() - 0.2))
        requests[key] = requests.get(key, 0) + r["requests"]
    jcmd(bench.installed.pid, "JFR.stop", "name=hot-path", f"filename={path}")
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, timeout=1200)
    profiles = {key: Samples() for key in "ab"}
    for key in profiles:
        profiles[key].requests = requests[key]
    for ev in json.loads(out.stdout)["recording"]["events"]:
        stamp = ev["values"]["startTime"]
        when = datetime.datetime.fromisoformat(stamp[:26] + "+00:00").timestamp()
        key = next((k for k, spans in windows.items() if any(s <= when <= e for s, e in spans)), None)
        if key is not None:
            profiles[key].add_stack([f["method"]["type"]["name"] + "." + f["method"]["name"]
                                     for f in ev["values"]["stackTrace"]["frames"]], 1)
    print_difference(profiles)


def print_difference(profiles, pairs=(("a", "b"),)):
    print("\nprofile: " + ", ".join(f"{key}={p.total} samples ({p.requests} requests, "
                                    f"{p.total * 1000 / p.requests:.0f} per 1,000)" for key, p in profiles.items()))
    for base, other in pairs:
        print("\n" + "\n".join(difference_rows(profiles, other, base, prefixes=("",), count=55)))


def async_profile(bench, seconds, conns, lib, keys):
    """CPU samples from async-profiler, one collapsed-stack file per run, the scenarios forward then
    back (e.g. s a b b a s); each on the server it runs on."""
    profiles = {key: Samples() for key in keys}
    for i, key in enumerate(keys + keys[::-1]):
        pid = bench.servers[SCENARIOS[key].server].pid
        out = os.path.join(bench.results_dir, f"async-{i}-{key}.collapsed")
        # quoted: jcmd splits at =
        jcmd(pid, "JVMTI.agent_load", lib, '"start,event=itimer,interval=1ms"')
        r = bench.load.run(f"async-profile {key}", key, conns, seconds // 2, phase="profile")
        jcmd(pid, "JVMTI.agent_load", lib, f'"stop,file={out},collapsed"')
        profiles[key].requests += r["requests"]
        with open(out) as f:
            profiles[key].add_collapsed(f)
    print_difference(profiles, list(zip(keys, keys[1:])))

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-seconds", type=int, default=30)
    parser.add_argument("--conns", type=int, default=8)
    parser.add_argument("--async-profiler", metavar="LIB")
    parser.add_argument("--port", type=int, default=8480)
    parser.add_argument("--scenarios", default="ab", help="profiled with --async-profiler, compared in this order "
                        "(e.g. sab: what installing costs, then what delegating costs)")
    opts = parser.parse_args()
    with experiment_server(opts.port, with_stock="s" in opts.scenarios) as bench:
        bench.load.warm_up(opts.scenarios, 2, 45)
        if opts.pairs:
            ab_rounds(bench, opts.pairs, opts.seconds, opts.conns)
        if opts.async_profiler:
            async_profile(bench, opts.profile_seconds, opts.conns, os.path.abspath(opts.async_profiler), opts.scenarios)
        elif opts.profile:
            profile(bench, opts.profile_seconds)


if __name__ == "__main__":
    main()
