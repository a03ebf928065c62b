"""Shared test fixtures: bench/ on the import path, and runs shaped as load.Load records them.

Every test module imports this first, so `python3 -m unittest discover -s bench/tests` works from the
repository root without installing anything.
"""

import os
import sys

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPOSITORY = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)

RUN_SECONDS = 15


def measured_run(scenario, conns, round_no, rps, phase="measure", **overrides):
    """One wrk run's record: rps requests/s for RUN_SECONDS, all answered 200, an undisturbed machine."""
    requests = int(rps * RUN_SECONDS)
    run = dict(label=f"{scenario}", scenario=scenario, server="stock" if scenario == "s" else "installed",
               conns=conns, round=round_no, phase=phase, threads=min(conns, 2), rps=rps, requests=requests,
               duration_us=RUN_SECONDS * 1_000_000, wall_s=RUN_SECONDS + 0.2,
               latency_us=dict(mean=9000.0, p50=8000, p90=15000, p99=25000, p999=40000, max=50000),
               status={"200": requests}, socket_errors=dict(connect=0, read=0, write=0, timeout=0),
               non2xx=0, socket_error_count=0, cpu_pct=190.0, wrk_cpu_pct=4.0, emulator_cpu_pct=0.0,
               idle_server_cpu_pct=1.0, other_cpu_pct=0.5, machine_busy_pct=98.0, rss_start_mb=900.0,
               rss_end_mb=910.0, rss_max_mb=915.0, upstream_calls=0, policy_calls=0)
    run.update(overrides)
    return run


def paired_runs(ratios, levels=(8,), baseline_rps=800.0):
    """Measured runs of the stock baseline (s) at baseline_rps and of each scenario at the given ratio to
    it, one ratio per round: {"a": [0.99, 1.0], ...} makes two rounds at every level."""
    rounds = len(next(iter(ratios.values())))
    runs = []
    for conns in levels:
        for round_no in range(1, rounds + 1):
            runs.append(measured_run("s", conns, round_no, baseline_rps))
            for key, per_round in ratios.items():
                runs.append(measured_run(key, conns, round_no, baseline_rps * per_round[round_no - 1]))
    return runs


FACTS = dict(cpus=2, cpu="Test CPU (2 logical CPUs)", memory="24.0 GiB RAM", os="Test OS", java="OpenJDK 17",
             wrk="wrk 4.1.0", keycloak="26.7.3", project="0.1.0-SNAPSHOT", commit="abc1234",
             jvm="-Xms64m -Xmx512m", jvm_stock="-Xms64m -Xmx512m")


def report_state(runs, quick=False, rounds=4, levels=(8,), **overrides):
    """A results.json as a run writes it, around the given runs."""
    state = dict(runs=runs, memory=None, profiles={}, timings={}, notes=[], idle=None, port=8480, stock_port=8481,
                 emulator_port=8090, profile_windows={}, quick=quick, facts=dict(FACTS), elapsed_s=1980.0,
                 run_date="2026-12-01 12:00 UTC",
                 mode=dict(warmup_seconds=30, warmup_passes=3, measure_seconds=15, rounds=rounds, levels=levels,
                           recheck_seconds=0, users=0, exchanges=0, profile_seconds=0))
    state.update(overrides)
    return state
