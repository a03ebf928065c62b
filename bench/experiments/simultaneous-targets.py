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

A run's interval covers the rounds of one start of each server, and each start compiles Keycloak
differently: two runs of (a) on the same code gave 0.947 ± 0.021 and 1.006 ± 0.026. --starts N starts
both servers afresh N times and decides each target over the starts too, one ratio per start.

--stock-twin is the method's control: a second stock server stands where the installed one stands, so
(a)'s ratios are those of two identical servers (an A/A run). Their spread from start to start is what
the method itself does, and their mean shows whether it favours either side.

With --async-profiler, both servers of each pinned pair are also sampled during a few more rounds
(bench/tokenbench/pair_profile.py): what a request costs on each, at the same moment.

Usage: python3 bench/experiments/simultaneous-targets.py [--rounds 12] [--seconds 10] [--conns 8]
           [--warm-up-passes 3] [--targets abcef] [--async-profiler LIB [--profile-rounds 3]]
           [--starts 1] [--jars-on-stock-realm | --stock-twin (with --targets a)]
           [--out bench/simultaneous-targets.md]
"""
import argparse
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tokenbench.experiments import experiment_server, publish  # noqa: E402
from tokenbench.simultaneous import core_plan, pair_ratio, run_together  # noqa: E402
from tokenbench.statistics import mean  # noqa: E402
from tokenbench.facts import source_commit  # noqa: E402
from tokenbench.pair_profile import PairProfiler, area_rows, difference_rows  # noqa: E402
from tokenbench.scenarios import SCENARIOS  # noqa: E402
from tokenbench.servers import JarsOnStockRealmServer, StockTwinServer  # noqa: E402
from tokenbench.targets import TARGETS, round_ratio_table, start_ratio_table  # noqa: E402

WARM_UP = "sabcef"

# What may stand where the installed server stands, for --targets a: its option, the help text and
# what the report says of it.
STAND_INS = {
    "jars_on_stock_realm": (JarsOnStockRealmServer, "--jars-on-stock-realm",
                            "with --targets a: the installed server is the stock server plus our jars (its home, realm "
                            "and options; no second realm, emulator or gateway), so the pair measures the jars alone",
                            "The installed server is the stock server's home, realm and options plus our jars in "
                            "providers/ (no second realm, emulator or gateway)."),
    "stock_twin": (StockTwinServer, "--stock-twin",
                   "with --targets a: the method's A/A control; a second stock server (no jars) stands where the "
                   "installed one stands, so the ratios are those of two identical servers",
                   "**A/A control:** the \"installed\" server is a second stock server (its own copy of the stock home, "
                   "same realm and options, no jars), so every (a) ratio below is stock's against stock's and the "
                   "target's verdict is not one; the ratios' spread and mean are the method's own."),
}


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
    parser.add_argument("--async-profiler", metavar="LIB",
                        help="libasyncProfiler.so: after the decided rounds, sample both servers of each pinned pair "
                             "during --profile-rounds more rounds (not counted in the ratios) and report the CPU "
                             "samples per 1,000 requests")
    parser.add_argument("--profile-rounds", type=int, default=3)
    parser.add_argument("--starts", type=int, default=1,
                        help="start both servers afresh this many times, --rounds rounds each, and decide the targets "
                             "over the starts as well (each start compiles Keycloak differently; "
                             "targets.start_ratio_table)")
    stand_ins = parser.add_mutually_exclusive_group()
    for _, option, help_text, _ in STAND_INS.values():
        stand_ins.add_argument(option, action="store_true", help=help_text)
    parser.add_argument("--out")
    opts = parser.parse_args()
    targets = [t for t in TARGETS if t.scenario in opts.targets]
    stand_in, stand_in_option, _, stand_in_note = next(
        (chosen for name, chosen in STAND_INS.items() if getattr(opts, name)), (None, "", "", ""))
    if stand_in and opts.targets != "a":
        parser.error(f"{stand_in_option} serves scenario (a) only: use --targets a")
    warm_up = "".join(key for key in WARM_UP if any(key in (t.scenario, t.baseline) for t in targets))

    cpus = os.cpu_count()
    all_cpus = list(range(cpus))
    started = time.time()
    pairs = [(t.scenario, t.baseline) for t in targets]
    profiler = None

    def one_round(bench, round_no, profile=None):
        """Every pair once, both core placements; returns {scenario: ratio} and the runs."""
        ratios, round_runs = {}, []
        # Odd rounds take the pairs in target order, even ones backwards: the same weight early and late.
        for scenario, reference in (pairs if round_no % 2 else pairs[::-1]):
            pair_runs = []
            for placement, cores in enumerate(core_plan(scenario, reference, cpus)):
                time.sleep(1)
                pids = {key: bench.load.servers[SCENARIOS[key].server].pid for key in (scenario, reference)}
                sampled = profile is not None and cores is not None  # one JVM serving both cannot tell them apart
                if sampled:
                    profile.start(pids.values())
                mine, theirs = run_together(bench.load, f"round {round_no} {scenario}|{reference}", scenario, reference,
                                            opts.conns, opts.seconds, cores, all_cpus)
                if sampled:
                    profile.stop({pids[scenario]: mine, pids[reference]: theirs}, f"{round_no}-{placement}")
                shared = mine["server"] == theirs["server"]  # one JVM served both loads: its CPU is for the two
                for r, other in ((mine, theirs), (theirs, mine)):
                    r.update(round=round_no, pair=scenario,
                             cpu_ms_per_req=r["cpu_pct"] * 10 / (r["rps"] + (other["rps"] if shared else 0)))
                pair_runs += [mine, theirs]
            ratios[scenario] = pair_ratio(pair_runs, scenario, reference)
            round_runs += pair_runs
        return ratios, round_runs

    rounds, runs, starts = [], [], []
    round_no = 0  # numbered across starts, so that a round's runs pair up by number alone
    for start_no in range(1, opts.starts + 1):
        with experiment_server(opts.port, with_stock=True, stand_in=stand_in) as bench:
            bench.load.warm_up(warm_up, opts.warm_up_passes, opts.warm_up_seconds)
            start_rounds = []
            for _ in range(opts.rounds):
                round_no += 1
                ratios, round_runs = one_round(bench, round_no)
                start_rounds.append(ratios)
                for r in round_runs:
                    r["start"] = start_no
                runs += round_runs
            rounds += start_rounds
            starts.append(start_rounds)
            if opts.async_profiler and start_no == opts.starts:
                # Attaching the agent de-optimises compiled code: one sampled round to recompile, then the ones reported.
                one_round(bench, round_no + 1, PairProfiler(opts.async_profiler, bench.results_dir))
                profiler = PairProfiler(opts.async_profiler, bench.results_dir)
                for profiled in range(round_no + 2, round_no + 2 + opts.profile_rounds):
                    one_round(bench, profiled, profiler)

    errors = sum(r["non2xx"] + r["socket_error_count"] for r in runs)
    disturbed = max(r["other_cpu_pct"] for r in runs)
    commit = source_commit()
    lines = [
        "# Throughput targets on simultaneous runs",
        "",
        f"Generated by `python3 bench/experiments/simultaneous-targets.py --rounds {opts.rounds} --seconds {opts.seconds} "
        f"--conns {opts.conns} --warm-up-passes {opts.warm_up_passes} --targets {opts.targets}"
        f"{f' --starts {opts.starts}' if opts.starts > 1 else ''}"
        f"{' ' + stand_in_option if stand_in else ''}` on {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, "
        f"commit {commit}, {(time.time() - started) / 60:.1f} min; do not edit by hand. Scenarios as in BENCHMARKS.md. "
        f"Each round runs every target's scenario together with its reference, {opts.conns} connections each, "
        f"{opts.seconds} s per run: against stock (s) each server pinned to one of the {cpus} cores, twice with the "
        "cores swapped; (e) and (f) beside (b) on the installed server, twice. A round's ratio is the scenario's "
        "req/s over its reference's, summed over the two runs."
        + (f" The servers were started {opts.starts} times, {opts.rounds} rounds after each start's warm-up; the "
           "first table pools every round, the second decides over the starts." if opts.starts > 1 else "")
        + (f" {stand_in_note}" if stand_in else ""),
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
    lines += [""] + round_ratio_table(targets, rounds)
    if opts.starts > 1:
        lines += [""] + start_ratio_table(targets, starts)
    if profiler:
        lines += ["", f"CPU samples per 1,000 requests (async-profiler, itimer 1 ms, inclusive), both servers of each pinned "
                      f"pair sampled during the same {opts.profile_rounds} rounds after the decided ones (and one round "
                      "before them to recompile after attaching); collapsed stacks in the run's results directory "
                      f"(`{os.path.relpath(bench.results_dir, os.getcwd())}`).", ""]
        for scenario, reference in pairs:
            if profiler.samples[scenario].requests and profiler.samples[reference].requests:
                lines += area_rows(profiler.samples, [reference, scenario]) + [""]
                lines += difference_rows(profiler.samples, scenario, reference) + [""]
    publish(lines, opts.out)

if __name__ == "__main__":
    main()
