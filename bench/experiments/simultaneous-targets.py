#!/usr/bin/env python3
"""Decides the throughput targets on runs of a scenario and its reference at the same moment.

Not part of bench/run-benchmark.sh. paired-targets.py puts a scenario and its reference seconds apart,
yet on this kind of VM the machine's speed moves by up to 30 % between two such runs (Keycloak's CPU
per request moves with it), so ten rounds could not decide a 5 % target. Here both run at once and see
the same machine (bench/tokenbench/simultaneous.py): against stock, each server pinned to its own core,
twice with the cores swapped; (e) and (f) against (b) side by side on the installed server's two cores.
Each round gives one ratio per target, the scenario's req/s over its reference's summed over the
pair's two runs; the targets and their verdicts are those of bench/tokenbench/targets.py, decided on
the rounds' ratios with a 95 % interval.

What it measures is the relative cost of the two requests on a shared or halved machine, not the
throughput either server reaches alone (that is BENCHMARKS.md's).

Same servers, objects and warm-up as the benchmark (./run.sh --fresh and the stock server, prepared
through the admin REST API). Writes the tables and verdicts to stdout and, with --out, to Markdown.

Usage: python3 bench/experiments/simultaneous-targets.py [--rounds 12] [--seconds 10] [--conns 8]
           [--warm-up-passes 3] [--targets abcef] [--out bench/simultaneous-targets.md]
"""
import argparse
import datetime
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tokenbench.experiments import experiment_server  # noqa: E402
from tokenbench.simultaneous import core_plan, pair_ratio, run_together  # noqa: E402
from tokenbench.statistics import NOT_DECIDED, decide, interval, mean  # noqa: E402
from tokenbench.targets import TARGETS  # noqa: E402

WARM_UP = "sabcef"


def share(runs, kind):
    """Mean share of the server's CPU its JIT or GC threads took (approximate; see processes.jvm_thread_cpu)."""
    return f"{mean(r[kind + '_cpu_pct'] / r['cpu_pct'] * 100 for r in runs):.1f} %"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--conns", type=int, default=8)
    parser.add_argument("--warm-up-passes", type=int, default=3)
    parser.add_argument("--warm-up-seconds", type=int, default=30)
    parser.add_argument("--port", type=int, default=8480)
    parser.add_argument("--targets", default="".join(t.scenario for t in TARGETS),
                        help="the targets to decide, by scenario (e.g. ab); only they and their references are warmed "
                             "up and run, so the installed server serves nothing else")
    parser.add_argument("--shared-cores", action="store_true",
                        help="against stock, both servers share both cores instead of one pinned core each")
    parser.add_argument("--out")
    opts = parser.parse_args()
    targets = [t for t in TARGETS if t.scenario in opts.targets]
    warm_up = "".join(key for key in WARM_UP if any(key in (t.scenario, t.baseline) for t in targets))

    cpus = os.cpu_count()
    all_cpus = list(range(cpus))
    started = time.time()
    pairs = [(t.scenario, t.baseline) for t in targets]
    with experiment_server(opts.port, with_stock=True) as bench:
        bench.load.warm_up(warm_up, opts.warm_up_passes, opts.warm_up_seconds)
        rounds, runs = [], []
        for round_no in range(1, opts.rounds + 1):
            ratios = {}
            # Odd rounds take the pairs in target order, even ones backwards: the same weight early and late.
            for scenario, reference in (pairs if round_no % 2 else pairs[::-1]):
                pair_runs = []
                for cores in core_plan(scenario, reference, cpus, opts.shared_cores):
                    time.sleep(1)
                    mine, theirs = run_together(bench.load, f"round {round_no} {scenario}|{reference}", scenario, reference,
                                                opts.conns, opts.seconds, cores, all_cpus)
                    shared = mine["server"] == theirs["server"]  # one JVM served both loads: its CPU is for the two
                    for r, other in ((mine, theirs), (theirs, mine)):
                        r.update(round=round_no, pair=scenario,
                                 cpu_ms_per_req=r["cpu_pct"] * 10 / (r["rps"] + (other["rps"] if shared else 0)))
                    pair_runs += [mine, theirs]
                ratios[scenario] = pair_ratio(pair_runs, scenario, reference)
                runs += pair_runs
            rounds.append(ratios)

    errors = sum(r["non2xx"] + r["socket_error_count"] for r in runs)
    disturbed = max(r["other_cpu_pct"] for r in runs)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Throughput targets on simultaneous runs",
        "",
        f"Generated by `python3 bench/experiments/simultaneous-targets.py --rounds {opts.rounds} --seconds {opts.seconds} "
        f"--conns {opts.conns} --warm-up-passes {opts.warm_up_passes} --targets {opts.targets}{' --shared-cores' if opts.shared_cores else ''}` on {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, "
        f"commit {commit}, {(time.time() - started) / 60:.1f} min; do not edit by hand. Scenarios as in BENCHMARKS.md. "
        f"Each round runs every target's scenario together with its reference, {opts.conns} connections each, "
        f"{opts.seconds} s per run: against stock (s) "
        + ("both servers sharing the machine's cores, twice" if opts.shared_cores else
           f"each server pinned to one of the {cpus} cores, twice with the cores swapped")
        + "; (e) and (f) beside (b) on the installed server, twice. A round's ratio is the scenario's "
        "req/s over its reference's, summed over the two runs.",
        "",
        f"Errors (non-2xx + socket) over all runs: {errors}. Most CPU any other process took during a run: "
        f"{disturbed:.0f} % of a core (approximate: both load generators run at once).",
        "",
        "| pair | scenario | req/s (mean) | KC CPU ms/req (mean; one JVM serving both: per request of either) | of its CPU: JIT, GC | ratio with the scenario on core 0 | on core 1 |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for scenario, reference in pairs:
        for key in (scenario, reference):
            mine = [r for r in runs if r["pair"] == scenario and r["scenario"] == key]
            by_core = {}
            if key == scenario:
                for core in (0, 1):
                    together = [(r, o) for r in mine if r.get("core") == core
                                for o in runs if o["pair"] == scenario and o["scenario"] == reference
                                and o["round"] == r["round"] and o.get("core") == 1 - core]
                    if together:
                        by_core[core] = f"{mean(r['rps'] / o['rps'] for r, o in together):.3f}"
            lines.append(f"| {scenario} with {reference} | {key} | {mean(r['rps'] for r in mine):.0f} | "
                         f"{mean(r['cpu_ms_per_req'] for r in mine):.2f} | {share(mine, 'jit')}, {share(mine, 'gc')} | {by_core.get(0, '')} | {by_core.get(1, '')} |")
    lines += ["", "| target | ratio per round | mean ± 95 % interval | met? |", "|---|---|---:|---|"]
    for t in targets:
        ratios = [r[t.scenario] for r in rounds]
        m, half = interval(ratios)
        verdict = decide(m, half, t.need) if len(ratios) > 1 else NOT_DECIDED  # one round: no interval
        lines.append(f"| {t.label()} | {' '.join(f'{r:.3f}' for r in ratios)} | {m:.3f} ± {half:.3f} | {verdict} |")
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    if opts.out:
        with open(opts.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
