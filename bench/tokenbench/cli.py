"""Command-line options of bench/run-benchmark.sh."""

import argparse
import json
import os
import signal

from .log import log
from .project import ROOT
from .run import BenchmarkRun, write_markdown


def parser():
    p = argparse.ArgumentParser(prog="bench/run-benchmark.sh",
                                description="Keycloak Token Broker benchmark: installed vs stock Keycloak")
    p.add_argument("--quick", action="store_true", help="short smoke run (a few minutes)")
    p.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8480")),
                   help="installed Keycloak (management port +1000); the stock one takes the next free pair")
    p.add_argument("--emulator-port", type=int, default=8090)
    p.add_argument("--skip-build", action="store_true")
    p.add_argument("--profile", type=int, default=None, metavar="SECONDS",
                   help="JFR seconds per scenario (full run: 15, quick: 0 = off)")
    p.add_argument("--out", default="BENCHMARKS.md")
    p.add_argument("--wait-idle", type=int, default=600, metavar="SECONDS",
                   help="wait up to this long for other CPU load to end before starting, and before "
                        "repeating a run it disturbed (default 600; repeats wait 300 at most)")
    p.add_argument("--render", metavar="RESULTS_DIR",
                   help="only re-render --out from a finished run's results.json (no server)")
    p.add_argument("--findings", metavar="FILE",
                   help="with --render: hand-written profile findings to add under Profile")
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    out = os.path.join(ROOT, args.out)
    if args.render:
        with open(os.path.join(args.render, "results.json")) as f:
            state = json.load(f)
        findings = None
        if args.findings:
            with open(args.findings) as f:
                findings = f.read()
        write_markdown(state, out, findings)
        return 0

    args.out = out
    run = BenchmarkRun(args)

    def on_term(signum, frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_term)
    try:
        run.everything()
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        run.stop()
    return 0
