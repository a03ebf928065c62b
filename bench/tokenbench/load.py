"""Load runs: one wrk run against one server, the warm-up, and the measurement rounds."""

import json
import os
import re
import resource
import shutil
import subprocess
import tempfile
import time

from .log import log
from .oauth import basic_auth
from .processes import Sampler
from .project import ROOT
from .scenarios import INSTALLED, SCENARIOS, WARM_UP_LAST_PASS_ONLY, keys_at

WRK_SCRIPT = os.path.join(ROOT, "bench", "exchange.lua")
WRK_TIMEOUT = "10s"
PAUSE_BETWEEN_RUNS_S = 2
# A run during which other processes took more than this share of a core is repeated.
DISTURBED_PCT = 20
QUOTA_RUN_LIMIT_S = 3600  # a run that ends after a number of responses still needs a wrk -d


def round_order(keys, round_no):
    """The order of one round: as given in odd rounds, reversed in even ones. The server slows as its
    event table grows; reversing every other round puts each scenario as often early as late, so
    steady drift cancels out of the paired ratios."""
    keys = list(keys)
    return keys if round_no % 2 else keys[::-1]


def warm_up_passes(keys, passes, last_pass_only=WARM_UP_LAST_PASS_ONLY):
    """[(pass number, scenario)] of the warm-up: every scenario in every pass, except those that join
    only the last one."""
    keys = list(keys)
    return [(pass_no, key) for pass_no in range(1, passes + 1) for key in keys
            if pass_no == passes or key not in last_pass_only]


def balancing_runs(plan):
    """Scenarios to run after the warm-up passes so that every server has had as many warm-up runs
    as the busiest one. The stock server serves one scenario of several: warmed only by the passes,
    it got a fraction of the installed server's load and was still compiling its hot paths (300 →
    850 req/s over ten minutes) when the measurement began, which flattered every ratio to it."""
    runs = {}
    for _, key in plan:
        runs.setdefault(SCENARIOS[key].server, []).append(key)
    most = max((len(keys) for keys in runs.values()), default=0)
    extra = []
    for keys in runs.values():
        distinct = list(dict.fromkeys(keys))
        extra += [distinct[i % len(distinct)] for i in range(most - len(keys))]
    return extra


def wrk_threads(conns):
    return min(conns, 2)  # two cores: more threads than that only compete with the server


def wrk_environment(client, audience, threads, token=None, token_file=None, quota=None, done_dir=None):
    """The BENCH_* variables bench/exchange.lua reads."""
    env = dict(BENCH_AUTH=basic_auth(client), BENCH_AUDIENCE=audience, BENCH_THREADS=str(threads))
    if token_file:
        env["BENCH_TOKEN_FILE"] = token_file
    else:
        env["BENCH_TOKEN"] = token
    if quota:
        env.update(BENCH_QUOTA=str(quota), BENCH_DONE_DIR=done_dir)
    return env


def wrk_command(threads, conns, seconds, url):
    return ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{seconds}s", "--timeout", WRK_TIMEOUT,
            "-s", WRK_SCRIPT, url]


def parse_wrk_result(stdout):
    """The JSON of exchange.lua's "BENCH_RESULT {...}" line, or None."""
    m = re.search(r"^BENCH_RESULT (.*)$", stdout, re.M)
    return json.loads(m.group(1)) if m else None


def derive(result, wrk_cpu_s, cpus):
    """Throughput, error counts and CPU shares (100 % = one core) of a run's raw wrk and /proc numbers."""
    r = dict(result)
    wall = r["wall_s"]
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["non2xx"] = sum(n for code, n in r["status"].items() if not code.startswith("2"))
    r["socket_error_count"] = sum(r["socket_errors"].values())
    r["wrk_cpu_pct"] = 100.0 * wrk_cpu_s / wall
    groups = r.get("group_cpu_pct", {})
    r["emulator_cpu_pct"] = groups.get("emulators", 0.0)
    r["idle_server_cpu_pct"] = groups.get("idle servers", 0.0)
    # Everything else on the machine (other Keycloaks, builds): what disturbs a run.
    r["other_cpu_pct"] = max(0.0, r["machine_busy_pct"] * cpus - r["cpu_pct"] - r["wrk_cpu_pct"]
                             - r["emulator_cpu_pct"] - r["idle_server_cpu_pct"])
    return r


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Load:
    """Runs wrk against the servers and keeps every run (warm-up ones too, marked by phase)."""

    def __init__(self, servers, emulators, results_dir, wait_for_quiet):
        self.servers = servers  # name -> KeycloakServer
        self.emulators = emulators
        self.results_dir = results_dir
        self.wait_for_quiet = wait_for_quiet  # called with a limit in seconds after a disturbed run
        self.runs = []
        # Called with the server's name before each run; the benchmark empties that server's event table.
        self.before_run = None

    def run(self, label, key, conns, seconds=None, *, client=None, audience=None, server=None, token=None,
            token_file=None, quota=None, phase="measure", ready=None):
        """One wrk run of scenario key (or of any client/audience/server given); a fresh subject token
        unless one is given: 15-minute tokens never expire mid-run. ready, if given, is called just
        before wrk starts (simultaneous runs wait there for each other)."""
        sc = SCENARIOS.get(key)
        target = self.servers[server or (sc.server if sc else INSTALLED)]
        if self.before_run:
            self.before_run(target.name)
            time.sleep(1)  # let the database settle after the delete
        threads = wrk_threads(conns)
        done_dir = tempfile.mkdtemp(prefix="bench-done-") if quota else None
        env = dict(os.environ)
        env.update(wrk_environment(client or sc.client, audience or sc.audience, threads,
                                   token=None if token_file else (token or target.subject_token()),
                                   token_file=token_file, quota=quota, done_dir=done_dir))
        cmd = wrk_command(threads, conns, seconds or QUOTA_RUN_LIMIT_S, target.token_url)
        idle = [s.pid for s in self.servers.values() if s is not target]
        calls0, policy0 = self.upstream_calls(), self.policy_calls()
        if ready:
            ready()
        cpu0 = children_cpu_seconds()
        with Sampler(target.pid, {"emulators": [e.pid for e in self.emulators], "idle servers": idle}) as sampler:
            out = subprocess.run(cmd, capture_output=True, text=True, env=env)
        wrk_cpu = children_cpu_seconds() - cpu0
        if done_dir:
            shutil.rmtree(done_dir, ignore_errors=True)
        with open(os.path.join(self.results_dir, "wrk.log"), "a") as f:
            f.write(f"### {label} scenario={key} server={target.name} conns={conns} phase={phase}\n"
                    f"$ {' '.join(cmd)}\n{out.stdout}{out.stderr}\n")
        result = parse_wrk_result(out.stdout)
        if result is None:
            raise RuntimeError(f"wrk failed ({out.returncode}): {out.stdout[-500:]} {out.stderr[-500:]}")
        result.update(sampler.result)
        r = derive(result, wrk_cpu, os.cpu_count())
        r.update(label=label, scenario=key, server=target.name, conns=conns, threads=threads, phase=phase,
                 upstream_calls=self.upstream_calls() - calls0, policy_calls=self.policy_calls() - policy0)
        self.runs.append(r)
        log(f"  {label:<28} c={conns:<3} {r['rps']:8.1f} req/s  p50 {r['latency_us']['p50'] / 1000:7.2f} ms  "
            f"p99 {r['latency_us']['p99'] / 1000:7.2f} ms  non-2xx {r['non2xx']}  sock-err {r['socket_error_count']}  "
            f"KC CPU {r['cpu_pct']:.0f}%  wrk {r['wrk_cpu_pct']:.0f}%  emu {r['emulator_cpu_pct']:.0f}%  "
            f"idle KC {r['idle_server_cpu_pct']:.0f}%  other {r['other_cpu_pct']:.0f}%  RSS {r['rss_end_mb']:.0f} MB  "
            f"upstream calls {r['upstream_calls']}  policy calls {r['policy_calls']}")
        return r

    def upstream_calls(self):
        return sum(e.token_requests() for e in self.emulators)

    def policy_calls(self):
        return sum(e.policy_queries() for e in self.emulators)

    def undisturbed(self, measure, attempts=3):
        """Runs a measurement; one during which other processes took more than DISTURBED_PCT of a core
        (integration tests, a build) is kept as 'disturbed' and repeated once the machine is quiet."""
        for attempt in range(attempts):
            r = measure()
            if r["other_cpu_pct"] <= DISTURBED_PCT or attempt == attempts - 1:
                return r
            r["disturbed_phase"], r["phase"] = r["phase"], "disturbed"
            log(f"  other processes used {r['other_cpu_pct']:.0f} % of a core during that run; repeating it")
            self.wait_for_quiet(300)
        return r

    def warm_up(self, keys, passes, seconds):
        # The JIT keeps improving the exchange paths for about three minutes of load on 2 cores (a single
        # 30 s pass left the first measured run with the compiler still busy): several passes over every
        # scenario, so all of them are compiled alike before anything is measured.
        log(f"warm-up: {passes} pass(es) over every scenario at 8 connections ({', '.join(WARM_UP_LAST_PASS_ONLY)} "
            f"in the last only), {seconds} s each (not reported)")
        plan = warm_up_passes(keys, passes)
        for pass_no, key in plan:
            self.run(f"warm-up {key} ({pass_no})", key, 8, seconds, phase="warmup")
        extra = balancing_runs(plan)
        if extra:
            log(f"warm-up: {len(extra)} more run(s) on the less loaded server(s), so each server had as many")
        for key in extra:
            self.run(f"warm-up {key} (balance)", key, 8, seconds, phase="warmup")

    def measure(self, keys, levels, rounds, seconds):
        keys = list(keys)
        log(f"measuring: levels {levels}, {seconds} s per run; at each level {rounds} round(s), "
            f"{', '.join(round_order(keys, 1))} then {', '.join(round_order(keys, 2))} (each scenario at its levels)")
        for conns in levels:
            for round_no in range(1, rounds + 1):
                for key in round_order(keys_at(conns, keys), round_no):
                    time.sleep(PAUSE_BETWEEN_RUNS_S)
                    r = self.undisturbed(lambda: self.run(f"{key}: {SCENARIOS[key].title}", key, conns, seconds))
                    r["round"] = round_no

    def recheck(self, keys, seconds):
        """The baselines once more at the end, to show how far each server drifted during the run."""
        for key in keys:
            time.sleep(PAUSE_BETWEEN_RUNS_S)
            self.undisturbed(lambda: self.run(f"{key}: re-check (end)", key, 8, seconds, phase="recheck"))
