"""Numbers from runs: the rounds of a scenario aggregated, paired ratios, 95 % intervals, decisions."""

YES, NO, NOT_DECIDED = "yes", "no", "not decided"

# Two-sided 95 % Student t quantiles by degrees of freedom (n - 1); 2.0 beyond the table (n > 12).
T95 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26, 10: 2.23, 11: 2.20}


def mean(values):
    values = list(values)
    return sum(values) / len(values)


def group(runs, phase="measure"):
    """Runs of a phase by (scenario, connections)."""
    groups = {}
    for r in runs:
        if r["phase"] == phase:
            groups.setdefault((r["scenario"], r["conns"]), []).append(r)
    return groups


def aggregate(runs):
    """The rounds of one scenario at one concurrency: means, except errors, requests and upstream calls
    (sums) and the largest latency (max)."""
    agg = dict(runs[-1])
    agg["rps"] = mean(r["rps"] for r in runs)
    agg["round_rps"] = [r["rps"] for r in runs]
    agg["spread"] = (max(agg["round_rps"]) - min(agg["round_rps"])) / agg["rps"] if len(runs) > 1 else 0.0
    agg["latency_us"] = {k: mean(r["latency_us"][k] for r in runs) for k in ("mean", "p50", "p90", "p99")}
    agg["latency_us"]["max"] = max(r["latency_us"]["max"] for r in runs)
    for k in ("cpu_pct", "wrk_cpu_pct", "emulator_cpu_pct", "other_cpu_pct"):
        agg[k] = mean(r.get(k, 0.0) for r in runs)
    agg["other_cpu_max"] = max(r["other_cpu_pct"] for r in runs)
    for k in ("non2xx", "socket_error_count", "upstream_calls", "requests"):
        agg[k] = sum(r[k] for r in runs)
    if all("policy_calls" in r for r in runs):  # not in results written before the policy scenarios
        agg["policy_calls"] = sum(r["policy_calls"] for r in runs)
    agg["cpu_ms_per_req"] = mean(r["cpu_pct"] * 10 / r["rps"] for r in runs)
    return agg


def paired_ratios(groups, key, baseline, levels, value=lambda run: run["rps"]):
    """value(run of key) / value(run of baseline in the same round and level). The runs of one round are
    minutes apart, so pairing them removes the drift between rounds from the comparison; a run without
    its partner is left out."""
    ratios = []
    for conns in levels:
        base = {r["round"]: r for r in groups.get((baseline, conns), [])}
        ratios += [value(r) / value(base[r["round"]]) for r in groups.get((key, conns), []) if r["round"] in base]
    return ratios


def interval(values):
    """Mean and the half-width of its 95 % confidence interval (0 for fewer than two values)."""
    n = len(values)
    m = mean(values)
    if n < 2:
        return m, 0.0
    sd = (sum((v - m) ** 2 for v in values) / (n - 1)) ** 0.5
    return m, T95.get(n - 1, 2.0) * sd / n ** 0.5


def decide(m, half, need, higher_is_better=True):
    """'yes' when the whole interval meets the target, 'no' when the whole interval misses it, else
    'not decided' (the target lies within the noise)."""
    low, high = m - half, m + half
    if higher_is_better:
        return YES if low >= need else (NO if high < need else NOT_DECIDED)
    return YES if high <= need else (NO if low > need else NOT_DECIDED)


def symmetric_round_ratios(runs, pairs):
    """One round run in a symmetric order (s b e f f e b s): for each (scenario, reference), the mean
    req/s of the scenario's runs over the mean of its reference's. A drift that is steady over the
    round weighs on both means alike and cancels."""
    rps = {}
    for r in runs:
        rps.setdefault(r["scenario"], []).append(r["rps"])
    return {scenario: mean(rps[scenario]) / mean(rps[reference]) for scenario, reference in pairs}
