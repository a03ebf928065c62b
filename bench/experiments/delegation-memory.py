#!/usr/bin/env python3
"""Follow-up measurement: live heap held per exchange, baseline (a) vs delegation (b).

Not part of bench/run-benchmark.sh. Starts the benchmark's server set-up, warms up, then runs (a) and
(b) at 8 connections for --seconds each and takes `jcmd GC.class_histogram` (live objects, after a
full GC) before and after each run, with the count of Keycloak single-use objects. Delegation used to
store each issued token's act claim as a single-use object until the token expired (ActClaimStore,
~300 B per token); since introspection reads act from the token itself, (b) should add none.
Usage: python3 bench/experiments/delegation-memory.py [--seconds 60]
"""
import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tokenbench.experiments import experiment_server  # noqa: E402
from tokenbench.processes import jcmd  # noqa: E402

ENTITY = "org.keycloak.models.sessions.infinispan.entities.SingleUseObjectValueEntity"


def live(bench, label):
    histogram = jcmd(bench.installed.pid, "GC.class_histogram")
    total = int(re.search(r"^Total\s+\d+\s+(\d+)", histogram, re.M).group(1))
    m = re.search(r"^\s*\d+:\s+(\d+)\s+\d+\s+" + re.escape(ENTITY), histogram, re.M)
    entries = int(m.group(1)) if m else 0
    print(f"{label}: live objects {total / 2**20:.1f} MB, single-use objects {entries}", flush=True)
    return total, entries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8480)
    opts = parser.parse_args()
    with experiment_server(opts.port) as bench:
        for key in "ab":
            bench.load.run(f"warm-up {key}", key, 8, 20, phase="warmup")
        time.sleep(2)
        before = live(bench, "before")
        for key in "ab":
            run = bench.load.run(key, key, 8, opts.seconds)
            after = live(bench, f"after {key}")
            grown = after[0] - before[0]
            print(f"{key}: {run['requests']} exchanges, live objects {grown / 2**20:+.1f} MB = "
                  f"{grown / run['requests']:.0f} B per exchange, single-use objects {after[1] - before[1]:+d}")
            before = after


if __name__ == "__main__":
    main()
