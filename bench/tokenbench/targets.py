"""The targets and their verdicts: yes, no, or not decided by this run.

Throughput targets are ratios to a reference scenario — the stock server (s), or for the policy
scenarios delegation without a policy (b) — decided on paired ratios (each run divided by the
reference's run of the same round and level) with a 95 % confidence interval, per level and over all
levels. One pair gives no interval, so it decides nothing.
"""

from dataclasses import dataclass

from .scenarios import BASELINE, DELEGATION
from .statistics import NOT_DECIDED, NO, YES, decide, interval, mean, paired_ratios

REPORTED_PHASES = ("measure", "recheck", "memory")
MEMORY_TARGET_MB = 100
DISTURBED_NOTE_PCT = 25


@dataclass(frozen=True)
class RatioTarget:
    scenario: str
    need: float
    what: str
    baseline: str = BASELINE

    def label(self):
        return (f"({self.scenario}) {self.what} ≥ {self.need:g}× "
                + ("stock" if self.baseline == BASELINE else f"({self.baseline})"))


TARGETS = (
    RatioTarget("a", 0.98, "installed but unused"),
    RatioTarget("b", 0.95, "delegation"),
    RatioTarget("c", 2.0, "cache hit"),
    RatioTarget("e", 0.95, "built-in policy", baseline=DELEGATION),
    RatioTarget("f", 0.8, "OPA policy", baseline=DELEGATION),
)


@dataclass(frozen=True)
class Verdict:
    target: str
    measured: str
    decision: str


def ratio_decision(ratios, need):
    """(mean, 95 % half-width, verdict) of a target's ratios; a single ratio has no interval, so it
    decides nothing."""
    m, half = interval(ratios)
    return m, half, decide(m, half, need) if len(ratios) > 1 else NOT_DECIDED


def ratio_verdict(label, ratios, need):
    if not ratios:
        return None
    m, half, decision = ratio_decision(ratios, need)
    if len(ratios) < 2:
        return Verdict(label, f"{m:.3f}× (one pair: no interval)", decision)
    return Verdict(label, f"{m:.3f}× ± {half:.3f} (95 % interval of {len(ratios)} paired ratios)", decision)


def round_ratio_table(targets, rounds):
    """The Markdown table of the experiments that decide targets on rounds: one row per target, its
    ratio in every round, mean and interval, verdict. rounds: one {scenario: ratio} per round."""
    lines = ["| target | ratio per round | mean ± 95 % interval | met? |", "|---|---|---:|---|"]
    for t in targets:
        ratios = [r[t.scenario] for r in rounds]
        m, half, decision = ratio_decision(ratios, t.need)
        lines.append(f"| {t.label()} | {' '.join(f'{r:.3f}' for r in ratios)} | {m:.3f} ± {half:.3f} | {decision} |")
    return lines


def start_ratio_table(targets, starts):
    """The Markdown table that decides targets over several starts of the servers. Each start compiles
    Keycloak afresh, and two starts of the same code gave intervals that did not overlap (0.947 ± 0.021
    and 1.006 ± 0.026 for (a)): a run's rounds share their start's compiled code, so they are not
    independent samples of the target. Here each start contributes one ratio, the mean of its rounds,
    and the target is decided over those. starts: per start, one {scenario: ratio} per round."""
    lines = ["| target | mean ratio per start (its rounds) | mean ± 95 % interval over starts | met? |",
             "|---|---|---:|---|"]
    for t in targets:
        measured = [rounds for rounds in starts if rounds]
        per_start = [mean(r[t.scenario] for r in rounds) for rounds in measured]
        m, half, decision = ratio_decision(per_start, t.need)
        shown = " ".join(f"{r:.3f} ({len(rounds)})" for r, rounds in zip(per_start, measured))
        lines.append(f"| {t.label()} | {shown} | {m:.3f} ± {half:.3f} | {decision} |")
    return lines


def disturbance(groups, keys, levels):
    """The most any other process took (% of a core) during the measured runs of these scenarios."""
    return max((r["other_cpu_pct"] for key in keys for conns in levels for r in groups.get((key, conns), [])),
               default=0.0)


def throughput_verdicts(groups, levels, targets=TARGETS):
    verdicts = []
    for target in targets:
        baseline = target.baseline
        for conns in levels:
            v = ratio_verdict(f"{target.label()}, {conns} conn.",
                              paired_ratios(groups, target.scenario, baseline, [conns]), target.need)
            if v:
                busy = disturbance(groups, (target.scenario, baseline), [conns])
                if busy > DISTURBED_NOTE_PCT:
                    v = Verdict(v.target, f"{v.measured} (disturbed: other processes used {busy:.0f} % of a core)",
                                v.decision)
                verdicts.append(v)
        pooled = ratio_verdict(f"{target.label()}, all levels",
                               paired_ratios(groups, target.scenario, baseline, levels), target.need)
        if pooled:
            verdicts.append(pooled)
    return verdicts


def error_verdict(runs):
    reported = [r for r in runs if r["phase"] in REPORTED_PHASES]
    errors = sum(r["non2xx"] + r["socket_error_count"] for r in reported)
    return Verdict(f"zero errors (all reported runs, {sum(r['requests'] for r in reported):,} requests)",
                   str(errors), YES if errors == 0 else NO)


def memory_verdict(memory):
    growth = memory["after"]["rss_mb"] - memory["before"]["rss_mb"]
    return Verdict(f"RSS grows < {MEMORY_TARGET_MB} MB over {memory['run']['requests']:,} exchanges across "
                   f"{memory['users']:,} users", f"{growth:+.0f} MB", YES if growth < MEMORY_TARGET_MB else NO)


def verdicts(runs, groups, levels, memory=None):
    found = throughput_verdicts(groups, levels) + [error_verdict(runs)]
    return found + ([memory_verdict(memory)] if memory else [])
