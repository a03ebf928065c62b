"""What the scripts in bench/experiments/ share: the server fixture and how they write their report."""

import contextlib
import os

from .cli import parser
from .run import BenchmarkRun


@contextlib.contextmanager
def experiment_server(port, with_stock=False, stand_in=None):
    """The benchmark's installed server with its objects (and the stock one if asked), as a quick run
    without a build prepares them; stopped on exit. Yields the BenchmarkRun: .load runs wrk, .admin is
    the installed server's admin REST client, .installed its server. BENCH_WAIT_IDLE=<seconds> bounds the
    wait for a quiet machine (default 600; 0 measures at once, e.g. for a CPU profile on a busy machine).
    stand_in: a server class that stands where the installed server stands (scenario (a) only):
    servers.JarsOnStockRealmServer or servers.StockTwinServer."""
    run = BenchmarkRun(parser().parse_args(["--quick", "--skip-build", "--port", str(port), "--out", os.devnull,
                                           "--wait-idle", os.environ.get("BENCH_WAIT_IDLE", "600")]))
    run.stand_in = stand_in
    try:
        run.quiet_machine()
        run.start(with_stock=with_stock)
        run.prepare()
        yield run
    finally:
        run.stop()


def publish(lines, out=None):
    """Prints the report and, with --out, writes it as a Markdown file."""
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    if out:
        with open(out, "w") as f:
            f.write(text)
