#!/usr/bin/env python3
"""Keycloak Token Broker benchmark driver (run it through bench/run-benchmark.sh).

One real Keycloak (./run.sh --fresh, dev-file database, the acme demo realm, the loopback upstream
emulators), one load generator (wrk, bench/exchange.lua) at fixed concurrency levels, four
scenarios measured in the same run, then a memory scenario over many users. Writes BENCHMARKS.md
at the repository root and keeps the raw material under bench/results/<timestamp>/.

Scenarios (all on the realm's token endpoint, grant type token-exchange, subject = alice):
  a  Keycloak's own standard token exchange: client bench-native (standard.token.exchange.enabled,
     no tokenbroker.delegation.* attributes), audience=analytics-mcp. The baseline.
  b  delegation with act: mcp-gateway, audience=analytics-mcp.
  c  federated exchange, cache hit: mcp-gateway, audience=databricks (same user and session every
     request, so only the first request of a run reaches the emulator).
  d  federated exchange, cache miss: mcp-gateway, audience=databricks-nocache, an upstream created
     for the run through the admin REST API with cache.enabled=false (every request calls the
     Databricks emulator). The emulator for d and m is a second instance started by the benchmark
     with -Dsun.net.httpserver.nodelay=true (see "Emulator" in the report); d is also run once at
     1 connection against run.sh's emulator with JDK defaults, to show what that costs.
  m  memory: N users created by partial import, their tokens by direct grant on a benchmark-only
     client, then M federated exchanges spread over them; resident memory before and after.
"""

import argparse
import contextlib
import base64
import concurrent.futures
import datetime
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REALM = "acme"
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
UPSTREAM_TYPE = "dev.tokenbroker.upstream.UpstreamProvider"

# Benchmark-only objects, created through the admin REST API in the run's fresh dev database.
NATIVE_CLIENT, NATIVE_SECRET = "bench-native", "bench-native-secret"
DIRECT_CLIENT = "bench-direct"
NOCACHE_UPSTREAM = "databricks-nocache"
NOCACHE_JDK_UPSTREAM = "databricks-nocache-jdkdefaults"
MEMORY_UPSTREAM = "databricks-bench"
GATEWAY, GATEWAY_SECRET = "mcp-gateway", "demo-mcp-gateway-secret"
# Cheap password hashing for the benchmark users only (10,000 direct-grant logins with the default
# hashing would take longer than everything else together). Never a production setting.
BENCH_PASSWORD_POLICY = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"

SCENARIOS = {
    "a": dict(title="native standard exchange (baseline)", client=(NATIVE_CLIENT, NATIVE_SECRET),
              audience="analytics-mcp"),
    "b": dict(title="delegation with act", client=(GATEWAY, GATEWAY_SECRET), audience="analytics-mcp"),
    "c": dict(title="federated, cache hit", client=(GATEWAY, GATEWAY_SECRET), audience="databricks"),
    "d": dict(title="federated, cache miss", client=(GATEWAY, GATEWAY_SECRET), audience=NOCACHE_UPSTREAM),
}
# d against run.sh's own emulator (JDK HttpServer defaults, Nagle's algorithm on): reported apart.
EXTRA = {"d0": dict(title="federated, cache miss, emulator with JDK HttpServer defaults",
                    client=(GATEWAY, GATEWAY_SECRET), audience=NOCACHE_JDK_UPSTREAM)}
TARGETS = {"b": 1.0, "c": 1.5, "d": 0.5}
MEMORY_TARGET_MB = 100

MODES = {
    "full": dict(warmup_seconds=30, warmup_passes=3, measure_seconds=15, rounds=4, levels=(1, 8, 32), recheck_seconds=15,
                 users=10_000, exchanges=100_000, profile_seconds=15),
    "quick": dict(warmup_seconds=10, warmup_passes=1, measure_seconds=8, rounds=1, levels=(1, 8, 32), recheck_seconds=0,
                  users=1_000, exchanges=10_000, profile_seconds=0),
}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------------------------
# HTTP helpers


def http_call(method, url, json_body=None, form=None, headers=None, timeout=60):
    h = dict(headers or {})
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        h["Content-Type"] = "application/x-www-form-urlencoded"
    elif json_body is not None:
        data = json.dumps(json_body).encode()
        h["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=h, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read()
            return resp.status, (json.loads(text) if text and text[:1] in (b"{", b"[") else text), resp.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace"), e.headers


class Admin:
    """Admin REST client; admin-cli tokens of the master realm live 60 s, so it renews them."""

    def __init__(self, base):
        self.base = base
        self.token = None
        self.fetched = 0

    def headers(self):
        if self.token is None or time.time() - self.fetched > 30:
            status, body, _ = http_call("POST", f"{self.base}/realms/master/protocol/openid-connect/token",
                                        form=dict(grant_type="password", client_id="admin-cli",
                                                  username="admin", password="admin"))
            if status != 200:
                raise RuntimeError(f"admin login failed: {status} {body}")
            self.token, self.fetched = body["access_token"], time.time()
        return {"Authorization": "Bearer " + self.token}

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        status, result, headers = http_call(method, f"{self.base}/admin/realms/{REALM}{path}", json_body=body,
                                            headers=self.headers(), timeout=300)
        if status not in expect:
            raise RuntimeError(f"{method} {path}: HTTP {status} {str(result)[:300]}")
        return result

    def client(self, client_id):
        found = self.call("GET", "/clients?clientId=" + urllib.parse.quote(client_id))
        if not found:
            raise RuntimeError(f"no client {client_id}")
        return found[0]

    def upstream(self, name):
        for component in self.call("GET", "/components?type=" + UPSTREAM_TYPE):
            if component["name"] == name:
                return component
        raise RuntimeError(f"no upstream {name}")


def audience_mapper(audience):
    return {"name": f"audience: {audience}", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
            "config": {"included.client.audience": audience, "access.token.claim": "true",
                       "id.token.claim": "false", "introspection.token.claim": "true"}}


def basic(client):
    return "Basic " + base64.b64encode(f"{client[0]}:{client[1]}".encode()).decode()


# --------------------------------------------------------------------------------------------
# Processes and /proc sampling


def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port_from(start):
    port = start
    while not port_free(port):
        port += 1
    return port


def children(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError):
            continue
        if ppid == pid:
            kids.append(int(entry))
    return kids


def descendants(pid):
    found, todo = [], [pid]
    while todo:
        kids = children(todo.pop())
        found += kids
        todo += kids
    return found


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of the whole process (all threads), from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def machine_busy():
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts), idle


class Sampler:
    """Samples a process's CPU and RSS while a load run is going."""

    def __init__(self, pid, extra_pids=()):
        self.pid = pid
        self.extra = [p for p in extra_pids if p]
        self.rss = []
        self._stop = threading.Event()

    def __enter__(self):
        self.t0 = time.time()
        self.cpu0 = cpu_seconds(self.pid)
        self.extra0 = {p: cpu_seconds(p) for p in self.extra if alive(p)}
        self.machine0 = machine_busy()
        self.rss_start = rss_mb(self.pid)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.5):
            try:
                self.rss.append(rss_mb(self.pid))
            except OSError:
                return

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()
        wall = time.time() - self.t0
        total1, idle1 = machine_busy()
        total0, idle0 = self.machine0
        self.result = dict(
            wall_s=wall,
            cpu_pct=100.0 * (cpu_seconds(self.pid) - self.cpu0) / wall,
            extra_cpu_pct={str(p): 100.0 * (cpu_seconds(p) - c0) / wall for p, c0 in self.extra0.items() if alive(p)},
            machine_busy_pct=100.0 * (1 - (idle1 - idle0) / max(1, total1 - total0)),
            rss_start_mb=self.rss_start,
            rss_end_mb=rss_mb(self.pid),
            rss_max_mb=max(self.rss + [self.rss_start]),
        )
        return False


def jcmd(pid, *args, timeout=120):
    out = subprocess.run(["jcmd", str(pid), *args], capture_output=True, text=True, timeout=timeout)
    return out.stdout + out.stderr


def heap_used_mb(pid):
    text = jcmd(pid, "GC.heap_info")
    m = re.search(r"garbage-first heap\s+total (\d+)K, used (\d+)K", text)
    return (int(m.group(2)) / 1024.0, int(m.group(1)) / 1024.0) if m else (None, None)


# --------------------------------------------------------------------------------------------
# The benchmark


class Benchmark:
    def __init__(self, args):
        self.args = args
        self.mode = dict(MODES["quick" if args.quick else "full"])
        if args.profile is not None:
            self.mode["profile_seconds"] = args.profile
        self.port = args.port
        self.base = f"http://localhost:{self.port}"
        self.token_url = f"{self.base}/realms/{REALM}/protocol/openid-connect/token"
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.results_dir = os.path.join(ROOT, "bench", "results", stamp)
        os.makedirs(self.results_dir, exist_ok=True)
        self.runsh = None
        self.kc_pid = None
        self.emulator_pid = None
        self.bench_emulator = None
        self.bench_emulator_log = os.path.join(self.results_dir, "bench-emulator.log")
        self.emulator_log = os.path.join(ROOT, ".cache", "run", "emulators.log")
        self.idle = None
        self.profile_windows = {}
        self.runs = []
        self.profiles = {}
        self.memory = None
        self.notes = []
        self.started = time.time()
        self.timings = {}

    # ---- lifecycle --------------------------------------------------------------------------

    def wait_for_quiet(self, limit=None):
        """Other CPU load (another Keycloak, a build) distorts every number; wait a while for it to end."""
        first = limit is None
        limit = self.args.wait_idle if limit is None else limit
        t0 = time.time()
        while True:
            total0, idle0 = machine_busy()
            time.sleep(5)
            total1, idle1 = machine_busy()
            busy = 100.0 * os.cpu_count() * (1 - (idle1 - idle0) / max(1, total1 - total0))
            if busy < 15:
                if first:
                    self.idle = dict(busy_pct=busy, waited_s=time.time() - t0)
                log(f"machine quiet ({busy:.0f} % of a core busy)")
                return
            if time.time() - t0 > limit:
                if first:
                    self.idle = dict(busy_pct=busy, waited_s=time.time() - t0)
                log(f"machine still busy ({busy:.0f} % of a core) after {limit} s; measuring anyway")
                self.notes.append(f"Other processes kept the machine busy ({busy:.0f} % of a core after waiting "
                                  f"{limit} s{' before the run' if first else ' to repeat a disturbed run'}); see the "
                                  "\"other %\" column.")
                return
            log(f"other processes use {busy:.0f} % of a core; waiting for the machine to be quiet "
                f"(up to {limit} s, --wait-idle)")
            time.sleep(10)

    def start_keycloak(self):
        for p in (self.port, self.port + 1000):
            if not port_free(p):
                raise SystemExit(f"port {p} is busy; choose another Keycloak port with --port")
        self.emulator_port = self.args.emulator_port
        if not port_free(self.emulator_port):
            busy = self.emulator_port
            self.emulator_port = free_port_from(busy + 1)
            log(f"emulator port {busy} is busy; using {self.emulator_port} and repointing the upstreams")
        cmd = ["./run.sh", "--port", str(self.port), "--fresh"]
        if self.emulator_port != 8090:
            cmd += ["--emulator-port", str(self.emulator_port)]
        if self.args.skip_build:
            cmd.append("--skip-build")
        env = dict(os.environ)
        env.pop("JAVA_OPTS", None)  # Keycloak's own kc.sh defaults, recorded in the report
        env.pop("JAVA_OPTS_KC_HEAP", None)
        log(f"starting Keycloak: {' '.join(cmd)} (log: {os.path.relpath(self.results_dir, ROOT)}/run.log)")
        self.run_log = open(os.path.join(self.results_dir, "run.log"), "w")
        t0 = time.time()
        self.runsh = subprocess.Popen(cmd, cwd=ROOT, stdout=self.run_log, stderr=subprocess.STDOUT,
                                      start_new_session=True, env=env)
        deadline = time.time() + 900
        ready_url = f"http://localhost:{self.port + 1000}/health/ready"
        while time.time() < deadline:
            if self.runsh.poll() is not None:
                raise SystemExit(f"run.sh exited ({self.runsh.returncode}); see {self.run_log.name} "
                                 f"and .cache/run/keycloak.log")
            try:
                with urllib.request.urlopen(ready_url, timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(1)
        else:
            raise SystemExit("Keycloak did not become ready within 15 minutes")
        self.timings["build_and_start_s"] = time.time() - t0
        # kc.sh runs java as its child (or execs it after a re-augmentation): search the whole tree.
        for pid in descendants(self.runsh.pid):
            line = cmdline(pid)
            if comm(pid) != "java":
                continue
            if "kc.home.dir" in line and "QuarkusEntryPoint" in line:
                self.kc_pid = pid
            elif "tokenbroker-emulators" in line:
                self.emulator_pid = pid
        if self.kc_pid is None:
            raise SystemExit("could not find the Keycloak java process started by run.sh")
        log(f"Keycloak ready after {self.timings['build_and_start_s']:.0f} s (java pid {self.kc_pid}, "
            f"emulator pid {self.emulator_pid})")

    def stop(self):
        if self.bench_emulator and self.bench_emulator.poll() is None:
            self.bench_emulator.terminate()
            try:
                self.bench_emulator.wait(20)
            except subprocess.TimeoutExpired:
                self.bench_emulator.kill()
        t0 = time.time()
        if self.runsh and self.runsh.poll() is None:
            log("stopping Keycloak and the emulators (TERM to run.sh)")
            self.runsh.send_signal(signal.SIGTERM)
            try:
                self.runsh.wait(120)
            except subprocess.TimeoutExpired:
                self.runsh.kill()
        # run.sh forwards TERM to its children; make sure the ones we started are gone.
        for pid in (self.kc_pid, self.emulator_pid):
            if pid and alive(pid) and comm(pid) == "java":
                os.kill(pid, signal.SIGTERM)
                for _ in range(60):
                    if not alive(pid):
                        break
                    time.sleep(1)
                else:
                    os.kill(pid, signal.SIGKILL)
        if self.runsh:
            log(f"stopped in {time.time() - t0:.0f} s")

    # ---- setup ------------------------------------------------------------------------------

    def setup_realm(self):
        admin = self.admin = Admin(self.base)
        log("admin REST: baseline client, audience mapper, no-cache upstream")
        # (a) a confidential client that uses Keycloak's standard exchange only.
        admin.call("POST", "/clients", {
            "clientId": NATIVE_CLIENT, "name": "Benchmark: native standard token exchange",
            "publicClient": False, "clientAuthenticatorType": "client-secret", "secret": NATIVE_SECRET,
            "standardFlowEnabled": False, "directAccessGrantsEnabled": False, "serviceAccountsEnabled": False,
            "attributes": {"standard.token.exchange.enabled": "true"},
            "protocolMappers": [audience_mapper("analytics-mcp")]})
        # alice's claude-desktop tokens must name bench-native as an audience, as they name
        # mcp-gateway, for Keycloak's standard exchange to accept bench-native as the holder.
        desktop = admin.client("claude-desktop")
        admin.call("POST", f"/clients/{desktop['id']}/protocol-mappers/models", audience_mapper(NATIVE_CLIENT))
        databricks = admin.upstream("databricks")
        if self.emulator_port != 8090:
            for name in ("databricks",):
                component = admin.upstream(name)
                component["config"]["token.endpoint"] = [
                    f"http://127.0.0.1:{self.emulator_port}/databricks/oidc/v1/token"]
                admin.call("PUT", f"/components/{component['id']}", component)
            databricks = admin.upstream("databricks")
        self.start_bench_emulator()
        bench_endpoint = f"http://127.0.0.1:{self.bench_emulator_port}/databricks/oidc/v1/token"
        # (d) the same Databricks upstream without the token cache, against the benchmark's emulator;
        # (d0) the same against run.sh's emulator; (m) with the cache, against the benchmark's emulator.
        for name, endpoint, cache in ((NOCACHE_UPSTREAM, bench_endpoint, False),
                                      (NOCACHE_JDK_UPSTREAM, databricks["config"]["token.endpoint"][0], False),
                                      (MEMORY_UPSTREAM, bench_endpoint, True)):
            config = {k: list(v) for k, v in databricks["config"].items() if k != "resource"}
            config["token.endpoint"] = [endpoint]
            if not cache:
                config["cache.enabled"] = ["false"]
            admin.call("POST", "/components", {"name": name, "providerId": databricks["providerId"],
                                               "providerType": UPSTREAM_TYPE, "parentId": databricks["parentId"],
                                               "config": config})

    def start_bench_emulator(self):
        """A second emulator: the acme demo configuration plus the memory scenario's users, and
        TCP_NODELAY on its JDK HttpServer (sun.net.httpserver.nodelay, off by default), so an upstream
        call is not held up ~40 ms by Nagle's algorithm meeting delayed ACKs on loopback."""
        jar = os.path.join(ROOT, "emulators", "target", "tokenbroker-emulators.jar")
        config = json.loads(subprocess.run(["java", "-jar", jar, "--print-config", "--issuer",
                                            f"{self.base}/realms/{REALM}"],
                                           capture_output=True, text=True, check=True).stdout)
        config["databricks"]["provisionedUsers"] += [bench_email(i) for i in range(self.mode["users"])]
        cfg_path = os.path.join(self.results_dir, "bench-emulator-config.json")
        with open(cfg_path, "w") as f:
            json.dump(config, f)
        self.bench_emulator_port = free_port_from(self.emulator_port + 1)
        self.bench_emulator = subprocess.Popen(
            ["java", "-Dsun.net.httpserver.nodelay=true", "-jar", jar, "--port", str(self.bench_emulator_port),
             "--config", cfg_path], cwd=ROOT, stdout=open(self.bench_emulator_log, "w"), stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.time() + 60
        while "listening on" not in open(self.bench_emulator_log).read():
            if self.bench_emulator.poll() is not None or time.time() > deadline:
                raise SystemExit(f"the benchmark's emulator did not start; see {self.bench_emulator_log}")
            time.sleep(0.2)
        log(f"benchmark emulator on 127.0.0.1:{self.bench_emulator_port} (pid {self.bench_emulator.pid}, "
            f"{self.mode['users']} extra Databricks users, nodelay)")

    def alice_token(self):
        out = subprocess.run([os.path.join(ROOT, "scripts", "pkce-login.sh"), "claude-desktop", "alice", "alice",
                              self.base], capture_output=True, text=True, timeout=60)
        token = out.stdout.strip()
        if out.returncode != 0 or not token:
            raise RuntimeError(f"pkce-login failed: {out.stderr.strip()}")
        return token

    def check_scenarios(self):
        token = self.alice_token()
        for key, sc in SCENARIOS.items():
            status, body, _ = http_call("POST", self.token_url, form=dict(
                grant_type=TOKEN_EXCHANGE, subject_token=token,
                subject_token_type="urn:ietf:params:oauth:token-type:access_token", audience=sc["audience"]),
                headers={"Authorization": basic(sc["client"])})
            if status != 200:
                raise SystemExit(f"scenario {key} does not work: HTTP {status} {str(body)[:300]}")
            access = body["access_token"]
            if key in ("a", "b"):
                claims = json.loads(base64.urlsafe_b64decode(access.split(".")[1] + "=="))
                if key == "a" and "act" in claims:
                    raise SystemExit("baseline token carries act: the request did not reach Keycloak's own exchange")
                if key == "b" and claims.get("act") != {"sub": "claude-desktop"}:
                    raise SystemExit(f"delegated token has act={claims.get('act')}")
                log(f"  {key}: HTTP 200, aud={claims.get('aud')}, act={claims.get('act')}, "
                    f"lifetime={claims['exp'] - claims['iat']} s")
            else:
                log(f"  {key}: HTTP 200, platform token expires_in={body.get('expires_in')}")

    # ---- load runs --------------------------------------------------------------------------

    def emulator_calls(self):
        """Token requests both Databricks emulators have logged so far (one line per request)."""
        total = 0
        for path in (self.emulator_log, self.bench_emulator_log):
            try:
                with open(path, errors="replace") as f:
                    total += sum(1 for line in f if line.startswith("[databricks] POST"))
            except OSError:
                pass
        return total

    def wrk(self, label, scenario, conns, seconds=None, token=None, token_file=None, quota=None, audience=None,
            client=None, phase="measure"):
        sc = SCENARIOS.get(scenario) or EXTRA.get(scenario) or {}
        threads = min(conns, 2)
        env = dict(os.environ)
        env.update(BENCH_AUTH=basic(client or sc["client"]), BENCH_AUDIENCE=audience or sc["audience"],
                   BENCH_THREADS=str(threads))
        if token_file:
            env["BENCH_TOKEN_FILE"] = token_file
        else:
            env["BENCH_TOKEN"] = token or self.alice_token()
        done_dir = None
        if quota:
            done_dir = tempfile.mkdtemp(prefix="bench-done-")
            env.update(BENCH_QUOTA=str(quota), BENCH_DONE_DIR=done_dir)
            seconds = seconds or 3600
        cmd = ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", os.path.join(ROOT, "bench", "exchange.lua"), self.token_url]
        calls0 = self.emulator_calls()
        emulators = [self.emulator_pid] + ([self.bench_emulator.pid] if self.bench_emulator else [])
        usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        with Sampler(self.kc_pid, emulators) as sampler:
            out = subprocess.run(cmd, capture_output=True, text=True, env=env)
        usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        wrk_cpu = (usage1.ru_utime + usage1.ru_stime - usage0.ru_utime - usage0.ru_stime)
        if done_dir:
            shutil.rmtree(done_dir, ignore_errors=True)
        with open(os.path.join(self.results_dir, "wrk.log"), "a") as f:
            f.write(f"### {label} scenario={scenario} conns={conns} phase={phase}\n$ {' '.join(cmd)}\n")
            f.write(out.stdout + out.stderr + "\n")
        m = re.search(r"^BENCH_RESULT (.*)$", out.stdout, re.M)
        if not m:
            raise RuntimeError(f"wrk failed ({out.returncode}): {out.stdout[-500:]} {out.stderr[-500:]}")
        r = json.loads(m.group(1))
        r.update(sampler.result)
        r.update(label=label, scenario=scenario, conns=conns, threads=threads, phase=phase,
                 upstream_calls=self.emulator_calls() - calls0)
        r["wrk_cpu_pct"] = 100.0 * wrk_cpu / r["wall_s"]
        r["emulator_cpu_pct"] = sum(r["extra_cpu_pct"].values())
        # Everything else on the machine (other Keycloaks, builds): 100 % = one core.
        r["other_cpu_pct"] = max(0.0, r["machine_busy_pct"] * os.cpu_count() - r["cpu_pct"] - r["wrk_cpu_pct"]
                                 - r["emulator_cpu_pct"])
        r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
        r["non2xx"] = sum(n for code, n in r["status"].items() if not code.startswith("2"))
        r["socket_error_count"] = sum(r["socket_errors"].values())
        log(f"  {label:<28} c={conns:<3} {r['rps']:8.1f} req/s  p50 {r['latency_us']['p50'] / 1000:7.2f} ms  "
            f"p99 {r['latency_us']['p99'] / 1000:7.2f} ms  non-2xx {r['non2xx']}  sock-err {r['socket_error_count']}  "
            f"KC CPU {r['cpu_pct']:.0f}%  wrk {r['wrk_cpu_pct']:.0f}%  emu {r['emulator_cpu_pct']:.0f}%  "
            f"other {r['other_cpu_pct']:.0f}%  RSS {r['rss_end_mb']:.0f} MB  upstream calls {r['upstream_calls']}")
        return r

    def warm_up(self):
        seconds, passes = self.mode["warmup_seconds"], self.mode.get("warmup_passes", 1)
        # The JIT keeps improving the exchange paths for about three minutes of load on 2 cores (a single
        # 30 s pass left the first measured run with the compiler still busy): several passes over every
        # scenario, so all of them are compiled alike before anything is measured.
        log(f"warm-up: {passes} pass(es) over every scenario at 8 connections, {seconds} s each (not reported)")
        t0 = time.time()
        for pass_no in range(1, passes + 1):
            for key in SCENARIOS:
                self.runs.append(self.wrk(f"warm-up {key} ({pass_no})", key, 8, seconds, phase="warmup"))
        self.timings["warmup_s"] = time.time() - t0

    def measure(self):
        seconds = self.mode["measure_seconds"]
        rounds = self.mode["rounds"]
        log(f"measuring: levels {self.mode['levels']}, {seconds} s per run; at each level {rounds} round(s), "
            "a, b, c, d then d, c, b, a")
        t0 = time.time()
        for conns in self.mode["levels"]:
            for round_no in range(1, rounds + 1):
                # The server slows as the event table grows: reversing every other round puts each
                # scenario as often early as late, so steady drift cancels out of the ratios.
                order = list(SCENARIOS) if round_no % 2 else list(reversed(SCENARIOS))
                for key in order:
                    time.sleep(2)
                    # a fresh subject token per run: 15-minute tokens never expire mid-run
                    r = self.undisturbed(lambda: self.wrk(f"{key}: {SCENARIOS[key]['title']}", key, conns,
                                                          seconds))
                    r["round"] = round_no
                    self.runs.append(r)
        if self.mode["recheck_seconds"]:
            time.sleep(2)
            self.runs.append(self.undisturbed(lambda: self.wrk("a: baseline re-check (end)", "a", 8,
                                                               self.mode["recheck_seconds"], phase="recheck")))
        time.sleep(2)
        self.runs.append(self.wrk("d0: cache miss, JDK-default emulator", "d0", 1, self.mode["measure_seconds"],
                                  phase="extra"))
        self.timings["measure_s"] = time.time() - t0

    def undisturbed(self, run, attempts=3):
        """Runs a measurement; one during which other processes took more than 20 % of a core (the lead's
        integration tests, a build) is kept as 'disturbed' and repeated once the machine is quiet."""
        for attempt in range(attempts):
            r = run()
            if r["other_cpu_pct"] <= 20 or attempt == attempts - 1:
                return r
            r["disturbed_phase"], r["phase"] = r["phase"], "disturbed"
            self.runs.append(r)
            log(f"  other processes used {r['other_cpu_pct']:.0f} % of a core during that run; repeating it")
            self.wait_for_quiet(limit=300)
        return r

    # ---- profiling (JFR) --------------------------------------------------------------------

    def profile(self):
        seconds = self.mode["profile_seconds"]
        if not seconds:
            return
        log(f"profiling: one JFR recording (bench/cpu-sampling.jfc) on the running server, {seconds} s per "
            "scenario at 8 connections")
        t0 = time.time()
        path = os.path.join(self.results_dir, "profile.jfr")
        # Subject tokens first: the logins are not the exchange.
        tokens = {key: self.alice_token() for key in SCENARIOS}
        jcmd(self.kc_pid, "JFR.start", "name=bench-profile", "settings=" + os.path.join(ROOT, "bench", "cpu-sampling.jfc"))
        # Starting JFR de-optimises compiled code; let every path recompile under the recording first.
        for key in SCENARIOS:
            self.runs.append(self.wrk(f"profile warm-up {key}", key, 8, 8, token=tokens[key], phase="profile-warmup"))
        windows = {}
        for key in SCENARIOS:
            begin = time.time()
            self.runs.append(self.wrk(f"profile {key}", key, 8, seconds, token=tokens[key], phase="profile"))
            windows[key] = (begin + 0.5, time.time() - 0.3)
        jcmd(self.kc_pid, "JFR.stop", "name=bench-profile", f"filename={path}")
        self.profile_windows = windows
        try:
            self.profiles = summarize_jfr(path, windows)
        except Exception as e:  # a failed summary must not lose the measurements
            self.notes.append(f"JFR summary failed: {e}")
        self.timings["profile_s"] = time.time() - t0

    # ---- memory scenario --------------------------------------------------------------------

    def memory_scenario(self):
        users, exchanges = self.mode["users"], self.mode["exchanges"]
        if not users:
            return
        admin = self.admin
        log(f"memory scenario: {users} users, {exchanges} federated exchanges")
        t0 = time.time()
        emails = [bench_email(i) for i in range(users)]  # provisioned in the benchmark's emulator
        # Benchmark-only public client for direct grant, with the same audience as the AI clients.
        admin.call("POST", "/clients", {
            "clientId": DIRECT_CLIENT, "name": "Benchmark: direct grant for many users", "publicClient": True,
            "standardFlowEnabled": False, "directAccessGrantsEnabled": True,
            "protocolMappers": [audience_mapper(GATEWAY)]})
        gateway = admin.client(GATEWAY)
        actors = gateway["attributes"].get("tokenbroker.delegation.allowed-actors", "")
        gateway["attributes"]["tokenbroker.delegation.allowed-actors"] = (actors + " " + DIRECT_CLIENT).strip()
        admin.call("PUT", f"/clients/{gateway['id']}", gateway)
        admin.call("PUT", "", {"passwordPolicy": BENCH_PASSWORD_POLICY})
        # Users through partial import, in batches.
        t1 = time.time()
        batch = 500
        for start in range(0, users, batch):
            admin.call("POST", "/partialImport", {"ifResourceExists": "SKIP", "users": [
                {"username": f"bench{i:05d}", "email": emails[i], "emailVerified": True, "enabled": True,
                 "firstName": "Bench", "lastName": f"User {i}",
                 "credentials": [{"type": "password", "value": f"bench-{i}", "temporary": False}]}
                for i in range(start, min(users, start + batch))]})
        import_s = time.time() - t1
        log(f"  imported {users} users in {import_s:.0f} s")
        # Their tokens: direct grant on bench-direct, in parallel.
        t1 = time.time()
        tokens = direct_grant_tokens(self.port, range(users), workers=8)
        tokens_s = time.time() - t1
        log(f"  obtained {len(tokens)} user tokens in {tokens_s:.0f} s")
        token_file = os.path.join(self.results_dir, "memory-tokens.txt")
        with open(token_file, "w") as f:
            f.write("\n".join(tokens) + "\n")
        os.chmod(token_file, 0o600)
        # Warm the path up (alice, one cache entry), then measure RSS before.
        self.wrk("memory warm-up (alice)", "m", 8, max(5, self.mode["warmup_seconds"] // 3),
                 client=(GATEWAY, GATEWAY_SECRET), audience=MEMORY_UPSTREAM, phase="memory-warmup")
        time.sleep(3)
        before = self.memory_point("before")
        run = self.wrk(f"m: {exchanges} exchanges / {users} users", "m", 8, token_file=token_file, quota=exchanges,
                       client=(GATEWAY, GATEWAY_SECRET), audience=MEMORY_UPSTREAM, phase="memory")
        self.runs.append(run)
        after = self.memory_point("after")
        os.remove(token_file)
        self.memory = dict(users=users, exchanges=exchanges, import_s=import_s, tokens_s=tokens_s,
                           before=before, after=after, run=run)
        self.timings["memory_s"] = time.time() - t0
        log(f"  RSS {before['rss_mb']:.0f} -> {after['rss_mb']:.0f} MB (no forced GC); after full GC "
            f"{before['rss_gc_mb']:.0f} -> {after['rss_gc_mb']:.0f} MB; live objects "
            f"{before['live_mb']:.0f} -> {after['live_mb']:.0f} MB")

    def memory_point(self, name):
        """RSS as found; then a full GC, RSS and live heap after it, and a class histogram of live objects."""
        rss = rss_mb(self.kc_pid)
        heap_used, heap_total = heap_used_mb(self.kc_pid)
        jcmd(self.kc_pid, "GC.run")
        time.sleep(3)
        heap_used_gc, heap_total_gc = heap_used_mb(self.kc_pid)
        rss_gc = rss_mb(self.kc_pid)
        histogram = jcmd(self.kc_pid, "GC.class_histogram")
        with open(os.path.join(self.results_dir, f"histogram-{name}.txt"), "w") as f:
            f.write(histogram)
        classes = {}
        total = re.search(r"^Total\s+(\d+)\s+(\d+)", histogram, re.M)
        for line in histogram.splitlines():
            m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
            if m:
                classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
        return dict(rss_mb=rss, heap_used_mb=heap_used, heap_committed_mb=heap_total, rss_gc_mb=rss_gc,
                    heap_used_gc_mb=heap_used_gc, heap_committed_gc_mb=heap_total_gc, classes=classes,
                    live_mb=int(total.group(2)) / 1024 / 1024 if total else None)

    # ---- report -----------------------------------------------------------------------------

    def write_report(self):
        state = dict(runs=self.runs, memory=self.memory, profiles=self.profiles, timings=self.timings,
                     mode=self.mode, notes=self.notes, facts=self.facts, idle=self.idle, port=self.port,
                     profile_windows=self.profile_windows,
                     emulator_port=self.emulator_port, quick=self.args.quick,
                     elapsed_s=time.time() - self.started,
                     run_date=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"))
        path = os.path.join(self.results_dir, "results.json")
        with open(path, "w") as f:
            json.dump(state, f, indent=1)
        write_markdown(state, os.path.join(ROOT, self.args.out))
        log(f"raw results: {os.path.relpath(self.results_dir, ROOT)}/")


@contextlib.contextmanager
def experiment_server(port):
    """The benchmark's server with its objects, for the scripts in bench/experiments/; stopped on exit."""
    args = argparse.Namespace(quick=True, profile=None, port=port, emulator_port=8090, skip_build=True,
                              out="/dev/null", wait_idle=600)
    bench = Benchmark(args)
    try:
        bench.wait_for_quiet()
        bench.start_keycloak()
        bench.setup_realm()
        yield bench
    finally:
        bench.stop()


def write_markdown(state, out, findings=None):
    bench = argparse.Namespace(**state)
    bench.findings = findings
    with open(out, "w") as f:
        f.write(render_report(bench))
    log(f"wrote {os.path.relpath(out, ROOT)}")


def bench_email(i):
    return f"bench{i:05d}@acme.test"


def direct_grant_tokens(port, indexes, workers=8):
    indexes = list(indexes)
    chunks = [indexes[i::workers] for i in range(workers)]

    def work(chunk):
        conn = http.client.HTTPConnection("localhost", port, timeout=60)
        out = []
        for i in chunk:
            body = urllib.parse.urlencode(dict(grant_type="password", client_id=DIRECT_CLIENT,
                                               username=f"bench{i:05d}", password=f"bench-{i}", scope="openid email"))
            for attempt in range(3):
                try:
                    conn.request("POST", f"/realms/{REALM}/protocol/openid-connect/token", body,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
                    resp = conn.getresponse()
                    data = resp.read()
                    break
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("localhost", port, timeout=60)
            if resp.status != 200:
                raise RuntimeError(f"direct grant for bench{i:05d}: HTTP {resp.status} {data[:200]}")
            out.append((i, json.loads(data)["access_token"]))
        conn.close()
        return out

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        results = [pair for part in pool.map(work, chunks) for pair in part]
    return [token for _, token in sorted(results)]


# --------------------------------------------------------------------------------------------
# JFR summary


# The innermost frame of a sample that falls in one of these decides what the CPU was doing.
CATEGORIES = [
    ("RSA arithmetic (java.math, sun.security.rsa: signing, verifying)", ("java.math.", "sun.security.rsa.")),
    ("other crypto & hashing", ("sun.security.", "com.sun.crypto.", "org.bouncycastle.", "java.security.",
                                "javax.crypto.")),
    ("H2 database (dev-file)", ("org.h2.",)),
    ("Hibernate/JPA/Agroal/Narayana", ("org.hibernate.", "io.agroal.", "com.arjuna.", "org.jboss.jandex")),
    ("Infinispan", ("org.infinispan.", "org.jgroups.")),
    ("JSON (Jackson)", ("com.fasterxml.",)),
    ("outbound HTTP (Apache HttpClient)", ("org.apache.http.",)),
    ("logging", ("org.jboss.logmanager.", "org.jboss.logging.", "org.slf4j.")),
    ("Token Broker (dev.tokenbroker)", ("dev.tokenbroker.",)),
    ("Keycloak", ("org.keycloak.",)),
    ("HTTP server (Vert.x/Netty/RESTEasy/Quarkus)", ("io.vertx.", "io.netty.", "org.jboss.resteasy.", "io.quarkus.",
                                                      "io.smallrye.", "jakarta.")),
    ("OpenTelemetry/Micrometer", ("io.opentelemetry.", "io.micrometer.")),
    ("JDK regex", ("java.util.regex.",)),
    ("JDK other", ("java.", "jdk.", "sun.")),
]


def categorize(frames):
    for frame in frames:  # leaf first
        cls = frame[0]
        if cls.startswith(("java.util.", "java.lang.", "jdk.internal.", "java.io.", "java.nio.", "java.time.")) \
                and not cls.startswith("java.util.regex."):
            continue
        for name, prefixes in CATEGORIES:
            if cls.startswith(prefixes):
                return name
    cls = frames[0][0] if frames else ""
    for name, prefixes in CATEGORIES:
        if cls.startswith(prefixes):
            return name
    return "other"


def summarize_jfr(path, windows):
    """Summaries of the execution samples that fall in each named (start, end) wall-clock window."""
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, timeout=600)
    events = json.loads(out.stdout)["recording"]["events"]
    per_window = {key: [] for key in windows}
    for ev in events:
        stamp = ev["values"]["startTime"]  # e.g. 2026-11-26T08:05:36.587718237Z
        when = datetime.datetime.fromisoformat(stamp[:26] + "+00:00").timestamp()
        key = next((k for k, (a, b) in windows.items() if a <= when <= b), None)
        if key is None:
            continue
        frames = []
        for fr in ev["values"]["stackTrace"]["frames"]:
            m = fr["method"]
            frames.append((m["type"]["name"].replace("/", "."), m["name"]))
        per_window[key].append(frames)
    return {key: summarize_samples(samples) for key, samples in per_window.items()}


def summarize_samples(samples):
    total = len(samples)
    leaf, inclusive, cats = {}, {}, {}
    for frames in samples:
        if not frames:
            continue
        key = f"{frames[0][0]}.{frames[0][1]}"
        leaf[key] = leaf.get(key, 0) + 1
        seen = set()
        for cls, meth in frames:
            if "$$Lambda" in cls:
                continue
            if cls.startswith(("org.keycloak.", "dev.tokenbroker.")) or any(
                    cls.startswith(p) for p in ("org.h2.", "sun.security.rsa.", "org.apache.http.impl.",
                                                "org.hibernate.internal.SessionImpl", "org.infinispan.")):
                k = f"{cls}.{meth}"
                if k not in seen:
                    seen.add(k)
                    inclusive[k] = inclusive.get(k, 0) + 1
        c = categorize(frames)
        cats[c] = cats.get(c, 0) + 1

    def top(d, n):
        return [(k, v, 100.0 * v / max(1, total)) for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:n]]

    ours = {k: v for k, v in inclusive.items() if k.startswith("dev.tokenbroker.")}
    theirs = {k: v for k, v in inclusive.items() if not k.startswith("dev.tokenbroker.")}
    return dict(samples=total, leaf=top(leaf, 12), inclusive=top(theirs, 40), ours=top(ours, 25),
                categories=top(cats, 20))


# --------------------------------------------------------------------------------------------
# Report


def aggregate(runs):
    """The rounds of one scenario at one concurrency: means, except errors and upstream calls (sums) and max."""
    def mean(values):
        return sum(values) / len(values)
    agg = dict(runs[-1])
    agg["rps"] = mean([r["rps"] for r in runs])
    agg["round_rps"] = [r["rps"] for r in runs]
    agg["spread"] = (max(agg["round_rps"]) - min(agg["round_rps"])) / agg["rps"] if len(runs) > 1 else 0.0
    agg["latency_us"] = {k: mean([r["latency_us"][k] for r in runs]) for k in ("mean", "p50", "p90", "p99")}
    agg["latency_us"]["max"] = max(r["latency_us"]["max"] for r in runs)
    for k in ("cpu_pct", "wrk_cpu_pct", "emulator_cpu_pct", "other_cpu_pct"):
        agg[k] = mean([r[k] for r in runs])
    agg["other_cpu_max"] = max(r["other_cpu_pct"] for r in runs)
    for k in ("non2xx", "socket_error_count", "upstream_calls", "requests"):
        agg[k] = sum(r[k] for r in runs)
    agg["cpu_ms_per_req"] = mean([r["cpu_pct"] * 10 / r["rps"] for r in runs])
    return agg


def fmt_ms(us):
    return f"{us / 1000:.1f}" if us >= 10000 else f"{us / 1000:.2f}"


# Two-sided 95 % Student t quantiles by degrees of freedom (n - 1).
T95 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26, 10: 2.23, 11: 2.20}


def paired_ratios(groups, key, levels, value):
    """value(scenario run) / value(baseline run of the same round and level): the runs of a round are
    minutes apart, so pairing them removes the drift between rounds from the comparison."""
    ratios = []
    for conns in levels:
        base = {r["round"]: r for r in groups.get(("a", conns), [])}
        ratios += [value(r) / value(base[r["round"]]) for r in groups.get((key, conns), []) if r["round"] in base]
    return ratios


def interval(values):
    """Mean and half-width of its 95 % confidence interval (0 for fewer than two values)."""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    sd = (sum((v - mean) ** 2 for v in values) / (n - 1)) ** 0.5
    return mean, T95.get(n - 1, 2.0) * sd / n ** 0.5


def decide(mean, half, need, higher_is_better=True):
    """'yes' when the measured mean meets the target and its interval does not lie wholly on the wrong side,
    'no' when the whole interval misses it, else 'not decided' (the target lies within the noise)."""
    low, high = mean - half, mean + half
    if higher_is_better:
        return "yes" if low >= need else ("no" if high < need else "not decided")
    return "yes" if high <= need else ("no" if low > need else "not decided")


def machine_facts(bench):
    facts = {}
    try:
        with open("/proc/cpuinfo") as f:
            models = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        facts["cpu"] = f"{models[0] if models else platform.processor()} ({os.cpu_count()} logical CPUs)"
    except OSError:
        facts["cpu"] = f"{os.cpu_count()} CPUs"
    with open("/proc/meminfo") as f:
        facts["memory"] = f"{int(f.readline().split()[1]) / 1024 / 1024:.1f} GiB RAM"
    os_name = platform.platform()
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    os_name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    facts["os"] = f"{os_name}, Linux {platform.release()}"
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    facts["java"] = java[1].strip() if len(java) > 1 else (java[0] if java else "?")
    wrk_v = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    facts["wrk"] = (wrk_v.stdout + wrk_v.stderr).splitlines()[0].split(" Copyright")[0].strip()
    with open(os.path.join(ROOT, "pom.xml")) as f:
        pom = f.read()
    facts["keycloak"] = re.search(r"<keycloak.version>(.*?)</keycloak.version>", pom).group(1)
    facts["project"] = re.search(r"<artifactId>[^<]*</artifactId>\s*<version>(.*?)</version>", pom).group(1)
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "spi-token-exchange", "spi-upstream-providers"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    facts["commit"] = git.stdout.strip() + (" (providers modified)" if dirty else "")
    jvm = [a for a in cmdline(bench.kc_pid).split() if a.startswith(("-X", "-XX"))] if bench.kc_pid else []
    facts["jvm"] = " ".join(jvm)
    return facts


def render_report(bench):
    facts = bench.facts
    measured = [r for r in bench.runs if r["phase"] == "measure"]
    groups = {}
    for r in measured:
        groups.setdefault((r["scenario"], r["conns"]), []).append(r)
    by = {key: aggregate(runs) for key, runs in groups.items()}
    rounds = bench.mode.get("rounds", 1)
    levels = bench.mode["levels"]
    lines = []
    w = lines.append
    w("# Benchmarks")
    w("")
    w("Token exchange throughput and latency of Keycloak Token Broker against Keycloak's own standard token "
      "exchange, measured on one Keycloak in one run. Generated by `bench/run-benchmark.sh"
      + (" --quick" if bench.quick else "") + "`; do not edit by hand, rerun it.")
    w("")
    w(f"Run: {bench.run_date}, {bench.elapsed_s / 60:.1f} min in total "
      f"({'quick smoke run' if bench.quick else 'full run'})."
      + (f" Before starting, other processes used {bench.idle['busy_pct']:.0f} % of a core "
         f"(waited {bench.idle['waited_s']:.0f} s for the machine to be quiet)." if bench.idle else ""))
    w("")
    w("## Machine and versions")
    w("")
    w("| | |")
    w("|---|---|")
    w(f"| CPU | {facts['cpu']} |")
    w(f"| memory | {facts['memory']} |")
    w(f"| OS | {facts['os']} |")
    w(f"| Java | {facts['java']} |")
    w(f"| Keycloak | {facts['keycloak']}, `start-dev` through `./run.sh --fresh` (dev-file H2 database, "
      f"HTTP, realm `acme` imported) |")
    w(f"| Token Broker | {facts['project']}, commit {facts['commit']} |")
    w(f"| load generator | {facts['wrk']}, `bench/exchange.lua`, on the same machine |")
    w(f"| JVM options (kc.sh defaults, not tuned) | `{facts['jvm']}` |")
    w("")
    w("`kc.sh` outside a container uses `-Xms64m -Xmx512m` with G1; the benchmark leaves `JAVA_OPTS` unset "
      "so the server runs with exactly these defaults.")
    w("")
    w("## Command")
    w("")
    w("```sh")
    w("sudo apt-get install -y wrk        # Debian/Ubuntu; the script checks for it")
    w("./bench/run-benchmark.sh           # full run (~15 min); --quick for a few-minute smoke run")
    w("```")
    w("")
    w("It builds (`./mvnw -B -q -DskipTests verify` through `./run.sh`), starts `./run.sh --port "
      f"{bench.port} --fresh` in the background (Keycloak, the demo realm and the upstream emulators on "
      f"127.0.0.1:{bench.emulator_port}), prepares the benchmark objects through the admin REST API, warms "
      "the server up, measures, and stops everything with TERM. Raw wrk output, samples and JFR recordings "
      "go to `bench/results/<timestamp>/` (not committed).")
    w("")
    w("## Scenarios")
    w("")
    w("Every request is `POST /realms/acme/protocol/openid-connect/token` with "
      "`grant_type=urn:ietf:params:oauth:grant-type:token-exchange`, "
      "`subject_token_type=urn:ietf:params:oauth:token-type:access_token`, HTTP Basic client authentication.")
    w("")
    w("| | requesting client | audience | what happens |")
    w("|---|---|---|---|")
    w(f"| a | `{NATIVE_CLIENT}` (benchmark-only: confidential, `standard.token.exchange.enabled=true`, no "
      "`tokenbroker.delegation.*`, audience mapper to analytics-mcp) | `analytics-mcp` | no delegation applies, "
      "so our provider hands the request to Keycloak's standard exchange unchanged (it takes standard exchanges only to "
      "apply delegation client policies, which Keycloak evaluates after choosing a provider) — **the baseline** |")
    w("| b | `mcp-gateway` | `analytics-mcp` | delegation: `sub` alice, `act: {sub: claude-desktop}`, "
      "300 s cap; nothing is stored per token (introspection reads act from the token itself) |")
    w("| c | `mcp-gateway` | `databricks` | federated exchange, platform token served from the upstream cache "
      "(same user and session every request; the first request of a run calls the emulator) |")
    w(f"| d | `mcp-gateway` | `{NOCACHE_UPSTREAM}` | federated exchange, cache miss every time: an upstream "
      "created for the run through the admin REST API, a copy of `databricks` with `cache.enabled=false`; every "
      "request mints an RS256 assertion and calls the Databricks emulator on loopback |")
    w("")
    w("Subject token: alice's access token from `claude-desktop` through authorization code + PKCE "
      "(`scripts/pkce-login.sh`), **a fresh one for every load run** (tokens live 900 s; each run is far "
      "shorter). For the baseline, the run adds an audience mapper `bench-native` to `claude-desktop`, so "
      "alice's token names both `mcp-gateway` and `bench-native` as audiences; all four scenarios use tokens "
      "of that same shape.")
    w("")
    w(f"Load: wrk, `-t min(connections, 2)`, `--timeout 10s`, connections {', '.join(map(str, levels))}, "
      f"{bench.mode['measure_seconds']} s per run. Warm-up first: {bench.mode.get('warmup_passes', 1)} pass(es) "
      f"over every scenario, {bench.mode['warmup_seconds']} s each at 8 connections (not reported). Then, per concurrency level, rounds "
      "of a, b, c, d and d, c, b, a in turn, so each ratio compares runs minutes apart in the same server and "
      "steady drift (the server slows as its event table grows) weighs on every scenario alike."
      + (" At the end, the baseline once more at 8 connections to show drift." if bench.mode["recheck_seconds"]
         else ""))
    w("")
    w("## Results")
    w("")
    w("Ratio = requests/s of the scenario ÷ requests/s of (a) at the same concurrency. Errors = non-2xx "
      "answers + socket errors (connect/read/write/timeout). CPU columns, averaged over the run, 100 % = one "
      f"core (the machine has {os.cpu_count()}): KC = the Keycloak java process (utime+stime from "
      "`/proc/<pid>/stat`), wrk = the load generator, emu = both emulators, other = every other process on "
      "the machine (should be ~0; anything more disturbed the run). RSS = `VmRSS` of the Keycloak process "
      "(`/proc/<pid>/status`) at the end of the run. Upstream calls = token requests the Databricks emulators "
      "logged during the run.")
    w("")
    if rounds > 1:
        w(f"Each scenario ran {rounds} times per concurrency level (rounds in the order a, b, c, d, then reversed); req/s, "
          "latencies and CPU are the means of the rounds, \"rounds\" lists each round's req/s, max ms is the "
          "largest seen, errors and upstream calls are totals. The difference between rounds of the same scenario "
          "is the noise of this benchmark; ratios closer to their target than that are not decided by it.")
    w("")
    w("| scenario | conns | req/s | rounds | ratio to (a) | p50 ms | p99 ms | max ms | errors | "
      "KC CPU % | KC CPU ms/req | wrk % | emu % | other % | KC RSS MB | upstream calls |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    def cpu_cells(r):
        return (f"{r['cpu_pct']:.0f} | {r['cpu_pct'] * 10 / r['rps']:.2f} | {r['wrk_cpu_pct']:.0f} | "
                f"{r['emulator_cpu_pct']:.0f} | {r['other_cpu_pct']:.0f} | {r['rss_end_mb']:.0f} | "
                f"{r['upstream_calls']}")
    for conns in levels:
        base = by.get(("a", conns))
        for key in SCENARIOS:
            r = by.get((key, conns))
            if not r:
                continue
            ratio = "1.00 (baseline)" if key == "a" else f"{r['rps'] / base['rps']:.3f}×"
            w(f"| {key}: {SCENARIOS[key]['title']} | {conns} | {r['rps']:.0f} | "
              f"{' / '.join(f'{x:.0f}' for x in r['round_rps'])} | {ratio} | "
              f"{fmt_ms(r['latency_us']['p50'])} | {fmt_ms(r['latency_us']['p99'])} | "
              f"{fmt_ms(r['latency_us']['max'])} | {r['non2xx']} + {r['socket_error_count']} | {cpu_cells(r)} |")
    recheck = [r for r in bench.runs if r["phase"] == "recheck"]
    if recheck:
        r = recheck[0]
        first = by.get(("a", 8))
        w(f"| a: baseline re-check at the end | 8 | {r['rps']:.0f} | | "
          f"{r['rps'] / first['rps']:.2f}× of (a) at 8 above | {fmt_ms(r['latency_us']['p50'])} | "
          f"{fmt_ms(r['latency_us']['p99'])} | {fmt_ms(r['latency_us']['max'])} | "
          f"{r['non2xx']} + {r['socket_error_count']} | {cpu_cells(r)} |")
    w("")
    statuses = {}
    for r in bench.runs:
        if r["phase"] in ("measure", "recheck", "memory", "extra"):
            for code, n in r["status"].items():
                statuses[code] = statuses.get(code, 0) + n
    w("HTTP statuses over all reported runs: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())) + ".")
    w("")
    extra = [r for r in bench.runs if r["phase"] == "extra"]
    if extra:
        r = extra[0]
        d1 = by.get(("d", 1))
        w("### The emulator and Nagle's algorithm")
        w("")
        w("The emulators are a JDK `HttpServer`, which leaves `TCP_NODELAY` off unless "
          "`-Dsun.net.httpserver.nodelay=true`: it writes the response headers and body separately, the second "
          "write waits for the ACK of the first, and the client delays that ACK (~40 ms on Linux). `./run.sh` "
          "starts its emulator that way; the benchmark therefore runs (d) and the memory scenario against a second "
          "emulator it starts with `nodelay=true` (otherwise identical, plus the memory scenario's users). Scenario "
          f"(d) once more at 1 connection against `./run.sh`'s emulator (upstream `{NOCACHE_JDK_UPSTREAM}`):")
        w("")
        w("| scenario | conns | req/s | p50 ms | p99 ms | errors | KC CPU % | upstream calls |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        for label, x in (("d: emulator with nodelay", d1), ("d: emulator with JDK defaults (run.sh)", r)):
            if x:
                w(f"| {label} | {x['conns']} | {x['rps']:.0f} | {fmt_ms(x['latency_us']['p50'])} | "
                  f"{fmt_ms(x['latency_us']['p99'])} | {x['non2xx']} + {x['socket_error_count']} | "
                  f"{x['cpu_pct']:.0f} | {x['upstream_calls']} |")
        w("")
        w("This is the test fixture, not the broker: a real platform's token endpoint sits behind a normal HTTP "
          "server. It does slow down every integration test that calls an upstream through `./run.sh`'s or the "
          "tests' emulator.")
        w("")

    # memory
    mem = bench.memory
    if mem:
        b, a, run = mem["before"], mem["after"], mem["run"]
        growth = a["rss_mb"] - b["rss_mb"]
        w("## Memory: many users")
        w("")
        w(f"{mem['users']:,} users created through `POST /admin/realms/acme/partialImport` in batches of 500 "
          f"({mem['import_s']:.0f} s), their tokens by direct grant ({mem['tokens_s']:.0f} s, 8 in parallel) on "
          f"`{DIRECT_CLIENT}`, a benchmark-only public client created through the admin REST API with "
          "`directAccessGrantsEnabled` and an audience mapper to `mcp-gateway` (not the product flow: the AI "
          "clients use authorization code + PKCE; direct grant is only the fast way to get 10,000 users' tokens). "
          f"For the run `{DIRECT_CLIENT}` is added to mcp-gateway's `tokenbroker.delegation.allowed-actors`, and "
          f"the realm's password policy is set to `{BENCH_PASSWORD_POLICY}` so the logins are cheap. The users "
          f"are provisioned in the benchmark's own Databricks emulator (`--config`: the demo configuration plus "
          f"these users), used by upstream `{MEMORY_UPSTREAM}` (a copy of `databricks`, cache on, "
          f"the cache's default bound of 10,000 entries).")
        w("")
        w(f"After a short warm-up of that upstream, {run['requests']:,} exchanges (`mcp-gateway`, audience "
          f"`{MEMORY_UPSTREAM}`) at 8 connections, each wrk thread walking the token list with a stride, so "
          f"every user is asked for ~{run['requests'] // mem['users']} times: {run['rps']:.0f} req/s, "
          f"p50 {fmt_ms(run['latency_us']['p50'])} ms, p99 {fmt_ms(run['latency_us']['p99'])} ms, "
          f"errors {run['non2xx']} + {run['socket_error_count']}, upstream calls (cache misses) "
          f"{run['upstream_calls']:,}."
          + (f" Other processes on the machine used {run['other_cpu_pct']:.0f} % of a core during this run "
             "(it is not repeated: it measures memory, not speed)." if run["other_cpu_pct"] > 10 else ""))
        w("")
        w("| Keycloak process | before | after | growth |")
        w("|---|---:|---:|---:|")
        w(f"| RSS, as found (no forced GC) | {b['rss_mb']:.0f} MB | {a['rss_mb']:.0f} MB | **{growth:+.0f} MB** |")
        w(f"| RSS peak during the run | | {run['rss_max_mb']:.0f} MB | |")
        w(f"| RSS after a full GC (`jcmd GC.run`) | {b['rss_gc_mb']:.0f} MB | {a['rss_gc_mb']:.0f} MB | "
          f"{a['rss_gc_mb'] - b['rss_gc_mb']:+.0f} MB |")
        if b.get("live_mb") and a.get("live_mb"):
            w(f"| live Java objects (`jcmd GC.class_histogram` total) | {b['live_mb']:.0f} MB | "
              f"{a['live_mb']:.0f} MB | {a['live_mb'] - b['live_mb']:+.0f} MB |")
        w(f"| Java heap committed (as found) | {b['heap_committed_mb']:.0f} MB | {a['heap_committed_mb']:.0f} MB | "
          f"{a['heap_committed_mb'] - b['heap_committed_mb']:+.0f} MB |")
        w(f"| Java heap committed after the full GC | {b['heap_committed_gc_mb']:.0f} MB | "
          f"{a['heap_committed_gc_mb']:.0f} MB | {a['heap_committed_gc_mb'] - b['heap_committed_gc_mb']:+.0f} MB |")
        w("")
        w("\"Before\" is measured after the users, their sessions and tokens exist and after the warm-up, so "
          "the growth is what the exchanges themselves cost. The target is judged on RSS as found (the server in "
          "its natural state, what monitoring sees). RSS right after a full GC depends mostly on how far G1 "
          "shrinks the committed heap at that moment (compare the committed rows); the live objects row is the "
          "data the server actually keeps.")
        w("")
        diff = []
        for cls, (count, size) in a["classes"].items():
            c0, s0 = b["classes"].get(cls, (0, 0))
            diff.append((size - s0, count - c0, cls))
        diff.sort(reverse=True)
        if diff:
            w("Largest growth of live objects by class (`jcmd GC.class_histogram`, after vs before):")
            w("")
            w("| class | instances | bytes |")
            w("|---|---:|---:|")
            for dsize, dcount, cls in diff[:12]:
                w(f"| `{cls}` | {dcount:+,} | {dsize / 1024 / 1024:+.1f} MB |")
            w("")

    # targets
    w("## Targets")
    w("")
    recheck = [r for r in bench.runs if r["phase"] == "recheck"]
    if recheck and by.get(("a", 8)):
        drift = recheck[0]["rps"] / by[("a", 8)]["rps"] - 1
        w(f"Noise: the rounds of one scenario differ by the percentages below, and the baseline re-run at the "
          f"end of the measurements came out {100 * drift:+.1f} % from (a) at 8 connections. A ratio within "
          "those margins of its target is not decided by one run. The rows \"all levels, paired by round\" "
          "divide each run by the baseline run of the same round and level (minutes apart, so drift between "
          "rounds drops out) and give the mean with its 95 % confidence interval: a target is held when the "
          "whole interval meets it, missed when the whole interval misses it, and otherwise not decided by "
          "this run.")
        w("")
    w("| target | measured | held? |")
    w("|---|---|---|")
    for key, need in TARGETS.items():
        for conns in levels:
            r, base = by.get((key, conns)), by.get(("a", conns))
            if not r or not base:
                continue
            ratio = r["rps"] / base["rps"]
            ok = ratio >= need
            extra = ""
            disturbed = max(r["other_cpu_max"], base["other_cpu_max"])
            noise = max(r["spread"], base["spread"])
            if key == "b":
                p99_ok = r["latency_us"]["p99"] <= base["latency_us"]["p99"]
                extra = (f", p99 {fmt_ms(r['latency_us']['p99'])} vs {fmt_ms(base['latency_us']['p99'])} ms"
                         f" ({'no worse' if p99_ok else 'worse'})")
                ok = ok and p99_ok
            label = {"b": "(b) ≥ 1.0× baseline throughput, p99 no worse",
                     "c": "(c) ≥ 1.5× baseline", "d": "(d) ≥ 0.5× baseline"}[key]
            note = f" (disturbed: other processes used {disturbed:.0f} % CPU)" if disturbed > 25 else ""
            if rounds > 1:
                note += f"; rounds differ by up to {100 * noise:.1f} %"
                if abs(ratio - need) < noise * need and key != "c" and key != "d":
                    note += ": closer to the target than the noise"
            w(f"| {label}, {conns} conn. | {ratio:.3f}×{extra}{note} | {'yes' if ok else '**no**'} |")
        if rounds > 1:
            ratios = paired_ratios(groups, key, levels, lambda run: run["rps"])
            if len(ratios) > 1:
                mean, half = interval(ratios)
                verdict = decide(mean, half, TARGETS[key])
                text = f"{mean:.3f}× ± {half:.3f} (95 % interval of {len(ratios)} paired ratios)"
                if key == "b":
                    p99s = paired_ratios(groups, key, levels, lambda run: run["latency_us"]["p99"])
                    p_mean, p_half = interval(p99s)
                    p99_verdict = decide(p_mean, p_half, 1.0, higher_is_better=False)
                    text += f"; p99 {p_mean:.3f}× ± {p_half:.3f} of the baseline's"
                    verdict = ("yes" if verdict == "yes" and p99_verdict == "yes"
                               else "no" if "no" in (verdict, p99_verdict) else "not decided")
                label = {"b": "(b) ≥ 1.0×, p99 no worse", "c": "(c) ≥ 1.5×", "d": "(d) ≥ 0.5×"}[key]
                w(f"| {label}, all levels, paired by round | {text} | "
                  f"{verdict if verdict == 'yes' else '**' + verdict + '**'} |")
    reported = [r for r in bench.runs if r["phase"] in ("measure", "recheck", "memory", "extra")]
    errors = sum(r["non2xx"] + r["socket_error_count"] for r in reported)
    w(f"| zero errors (all reported runs, {sum(r['requests'] for r in reported):,} requests) | {errors} | "
      f"{'yes' if errors == 0 else '**no**'} |")
    if mem:
        growth = mem["after"]["rss_mb"] - mem["before"]["rss_mb"]
        w(f"| RSS grows < {MEMORY_TARGET_MB} MB over {mem['run']['requests']:,} exchanges across "
          f"{mem['users']:,} users | {growth:+.0f} MB | {'yes' if growth < MEMORY_TARGET_MB else '**no**'} |")
    w("")
    if bench.quick:
        w("A quick run is a smoke test (short runs, short warm-up, fewer users): its ratios are indicative only.")
        w("")

    # profile
    if bench.profiles:
        w("## Profile")
        w("")
        w(f"One JFR recording (`bench/cpu-sampling.jfc`: `jdk.ExecutionSample` every 10 ms, nothing else) "
          "started on the running server with `jcmd JFR.start` after the measurements. Starting JFR de-optimises "
          "compiled code, so every scenario first runs 8 s under the recording (discarded); then each scenario "
          f"{bench.mode['profile_seconds']} s at 8 connections, and the samples are split by wall-clock window. "
          "\"Where the CPU was\" assigns each sample to the innermost frame from a known library (JDK "
          "collections skipped); \"inclusive\" counts samples with the method anywhere on the stack. A few "
          "hundred samples per scenario put shares under ~2 % within sampling noise: read it for what "
          "dominates, not for fine differences.")
        w("")
        for key, prof in bench.profiles.items():
            prun = next((r for r in bench.runs if r["phase"] == "profile" and r["scenario"] == key), None)
            w(f"### ({key}) {SCENARIOS[key]['title']} — {prof['samples']} samples")
            w("")
            if prun:
                w(f"While recording: {prun['rps']:.0f} req/s, p50 {fmt_ms(prun['latency_us']['p50'])} ms, "
                  f"KC CPU {prun['cpu_pct']:.0f} % (not used for the results above).")
                w("")
            w("| where the CPU was | share |")
            w("|---|---:|")
            for name, n, pct in prof["categories"][:10]:
                w(f"| {name} | {pct:.0f} % |")
            w("")
            if prof.get("ours"):
                w("| Token Broker method (inclusive) | share |")
                w("|---|---:|")
                for name, n, pct in prof["ours"][:15]:
                    w(f"| `{name.replace('dev.tokenbroker.', '')}` | {pct:.0f} % |")
                w("")
            w("<details><summary>inclusive Keycloak methods, top leaf frames</summary>")
            w("")
            w("| inclusive method | share |")
            w("|---|---:|")
            for name, n, pct in prof["inclusive"][:30]:
                w(f"| `{name}` | {pct:.0f} % |")
            w("")
            w("| leaf frame | share |")
            w("|---|---:|")
            for name, n, pct in prof["leaf"][:10]:
                w(f"| `{name}` | {pct:.1f} % |")
            w("")
            w("</details>")
            w("")
        if bench.findings:
            w("### Findings")
            w("")
            w(bench.findings.strip())
            w("")
    disturbed = [r for r in bench.runs if r["phase"] == "disturbed"]
    if disturbed:
        bench.notes = list(bench.notes) + [
            f"{len(disturbed)} measurement run(s) were disturbed by other processes on the machine (more than 20 % "
            "of a core) and repeated once it was quiet; the tables report the repeats. Disturbed: "
            + "; ".join(f"{r['scenario']} at {r['conns']} conn. ({r['rps']:.0f} req/s, other "
                        f"{r['other_cpu_pct']:.0f} %)" for r in disturbed) + "."]
    if bench.notes:
        w("## Notes")
        w("")
        for note in bench.notes:
            w(f"- {note}")
        w("")
    w("## Caveats")
    w("")
    w("- Everything shares the machine's cores: Keycloak, wrk and the emulators. At 8 and 32 connections Keycloak "
      "alone uses nearly both cores, so the numbers are CPU-bound; wrk's and the emulator's share (the wrk % "
      "and emu % columns) is part of every scenario's cost.")
    w("- Keycloak runs in dev mode (`start-dev`, H2 file database): each exchange also writes its "
      "`TOKEN_EXCHANGE` event to the database (the demo realm stores events). Production databases and "
      "`start` with caches would give different absolute numbers; the ratios are what this benchmark is for.")
    w("- wrk measures latency from when it sends a request (no coordinated-omission correction).")
    w("- Scenario (d) includes the emulator's own work (JWKS-checked signature verification, token issue) on "
      "the same cores.")
    w("")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description="Keycloak Token Broker benchmark")
    parser.add_argument("--quick", action="store_true", help="short smoke run (a few minutes)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8480")))
    parser.add_argument("--emulator-port", type=int, default=8090)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--profile", type=int, default=None, metavar="SECONDS",
                        help="JFR seconds per scenario (full run: 15, quick: 0 = off)")
    parser.add_argument("--out", default="BENCHMARKS.md")
    parser.add_argument("--wait-idle", type=int, default=600, metavar="SECONDS",
                        help="wait up to this long for other CPU load to end before starting (default 600)")
    parser.add_argument("--render", metavar="RESULTS_DIR",
                        help="only re-render --out from a finished run's results.json (no server)")
    parser.add_argument("--findings", metavar="FILE",
                        help="with --render: hand-written profile findings to add under Profile")
    args = parser.parse_args()

    if args.render:
        with open(os.path.join(args.render, "results.json")) as f:
            state = json.load(f)
        findings = None
        if args.findings:
            with open(args.findings) as f:
                findings = f.read()
        write_markdown(state, os.path.join(ROOT, args.out), findings)
        return 0

    bench = Benchmark(args)

    def on_term(signum, frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_term)
    try:
        bench.wait_for_quiet()
        bench.start_keycloak()
        bench.facts = machine_facts(bench)
        bench.setup_realm()
        log("checking each scenario once")
        bench.check_scenarios()
        bench.warm_up()
        bench.measure()
        bench.profile()
        bench.memory_scenario()
        bench.facts = machine_facts(bench)
        bench.write_report()
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        bench.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
