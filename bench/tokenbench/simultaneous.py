"""Runs a scenario and its reference at the same time, so that both see the same machine.

On a shared VM the machine's speed moves by up to 30 % within a minute (and Keycloak's CPU per request
with it), so ratios of runs taken one after the other — even seconds apart — carry that noise. Run at
the same moment, a scenario and its reference are slowed alike and the noise cancels in their ratio.

Across servers (a scenario against stock), each server is pinned to a core of its own for the pair
(`taskset`), and the pair runs twice with the cores swapped, so neither server keeps a faster core.
(Letting the two servers share both cores was tried: the scheduler's split between two JVMs moves
from run to run, and the round ratios spread three times as wide.)
On the same server ((e) and (f) against (b)) both loads share its cores; its worker threads serve the
two loads' requests side by side, so the cheaper request completes more often, in inverse proportion
to its cost. Either way the ratio of the two throughputs measures what one request costs against the
other, not what either server reaches alone.
"""

import subprocess
import threading

from .scenarios import SCENARIOS

CORE_SWAPS = ((0, 1), (1, 0))


def core_plan(scenario, reference, cpus):
    """Per run of a pair, the core of the scenario's server and of the reference's: pinned and swapped
    when they are different servers on a machine with at least two cores, shared (None) otherwise. Two
    runs either way, so every pair weighs the same."""
    if SCENARIOS[scenario].server != SCENARIOS[reference].server and cpus >= 2:
        return list(CORE_SWAPS)
    return [None, None]


def pair_ratio(runs, scenario, reference):
    """The pair's ratio over its runs: mean req/s of the scenario over the mean of its reference."""
    mine = [r["rps"] for r in runs if r["scenario"] == scenario]
    theirs = [r["rps"] for r in runs if r["scenario"] == reference]
    if not mine or len(mine) != len(theirs):
        raise ValueError(f"a pair needs as many runs of {scenario} as of {reference}")
    return sum(mine) / sum(theirs)


def pin(pid, cpus):
    """Every thread of the process onto these cores (threads it starts later inherit them)."""
    subprocess.run(["taskset", "-a", "-p", "-c", ",".join(str(c) for c in cpus), str(pid)],
                   check=True, capture_output=True)


def run_together(load, label, scenario, reference, conns, seconds, cores, all_cpus):
    """One run of the pair: both wrk processes start at the same moment (each after its own subject
    token and event-table reset). Returns the scenario's run and the reference's."""
    servers = {key: load.servers[SCENARIOS[key].server] for key in (scenario, reference)}
    if cores:
        pin(servers[scenario].pid, [cores[0]])
        pin(servers[reference].pid, [cores[1]])
    start = threading.Barrier(2)
    results, failures = {}, []

    def one(key):
        try:
            results[key] = load.run(f"{label} {key}", key, conns, seconds, ready=start.wait, phase="simultaneous")
        except BaseException as e:  # reported below; the other side must not wait at the barrier forever
            start.abort()
            failures.append(e)

    threads = [threading.Thread(target=one, args=(key,)) for key in (scenario, reference)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        if cores:
            for server in set(servers.values()):
                pin(server.pid, all_cpus)
    if failures:
        raise failures[0]
    for key, core in zip((scenario, reference), cores or (None, None)):
        results[key]["core"] = core
    return results[scenario], results[reference]
