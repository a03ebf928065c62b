"""One benchmark run from start to stop: servers up, objects prepared, load, report, servers down."""

import contextlib
import datetime
import json
import os
import time

from . import admin as admin_rest
from . import memory, oauth, profiling, report
from .facts import machine_facts
from .load import Load
from .log import log
from .processes import free_port_from, port_free, wait_for_quiet
from .project import RESULTS, relative
from .scenarios import BASELINE, DELEGATION, FEDERATED, INSTALLED, INSTALLED_BASELINE, MODES, ROUND_ORDER, SCENARIOS, \
    STOCK, installed_scenarios
from .servers import DEFAULT_EMULATOR_PORT, MANAGEMENT_OFFSET, InstalledServer, StockServer, \
    issuer, start_bench_emulator


class BenchmarkRun:
    def __init__(self, args):
        self.args = args
        self.mode = dict(MODES["quick" if args.quick else "full"])
        if args.profile is not None:
            self.mode["profile_seconds"] = args.profile
        self.results_dir = os.path.join(RESULTS, datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
        os.makedirs(self.results_dir, exist_ok=True)
        self.started = time.time()
        self.servers = {}
        self.bench_emulator = None
        self.load = None
        self.idle = None
        self.notes = []
        self.busy_repeats = 0  # disturbed runs repeated while the machine was still busy
        self.timings = {}
        self.profiles, self.profile_windows = {}, {}
        self.memory = None
        # An experiment's choice (experiments.experiment_server): a server class of the stock server's kind
        # to stand where the installed one stands, for the scenarios that touch no upstream or policy
        # (servers.JarsOnStockRealmServer, servers.StockTwinServer); None: ./run.sh's installed server.
        self.stand_in = None

    @contextlib.contextmanager
    def timed(self, name):
        t0 = time.time()
        yield
        self.timings[name] = time.time() - t0

    @property
    def installed(self):
        return self.servers[INSTALLED]

    def quiet_machine(self, limit=None):
        """Waits for other CPU load to end, never longer than --wait-idle; before the run (limit None) the
        result goes into the report's header, later into a note if the machine stayed busy."""
        before_run = limit is None
        busy, waited, quiet = wait_for_quiet(self.args.wait_idle if before_run else min(limit, self.args.wait_idle))
        if before_run:
            self.idle = dict(busy_pct=busy, waited_s=waited)
            if not quiet:
                self.notes.append(f"Other processes kept the machine busy ({busy:.0f} % of a core after waiting "
                                  f"{waited:.0f} s before the run); see the \"other %\" column.")
        elif not quiet:
            self.busy_repeats += 1

    def start(self, with_stock=True):
        self.emulator_port = self.args.emulator_port
        if not port_free(self.emulator_port):
            busy, self.emulator_port = self.emulator_port, free_port_from(self.emulator_port + 1)
            log(f"emulator port {busy} is busy; using {self.emulator_port} and repointing the upstreams")
        with self.timed("build_and_start_s"):
            if self.stand_in:
                self.servers[INSTALLED] = self.stand_in.launch_installed(self.args.port, self.results_dir)
            else:
                self.servers[INSTALLED] = InstalledServer.launch(self.args.port, self.emulator_port,
                                                                 self.args.skip_build, self.results_dir)
            self.installed.await_ready()
        log(f"installed Keycloak ready after {self.timings['build_and_start_s']:.0f} s (java pid "
            f"{self.installed.pid}, emulator pid {self.installed.emulator.pid})")
        if with_stock:
            port = free_port_from(self.args.port + 1, also_free_at=MANAGEMENT_OFFSET)
            with self.timed("stock_start_s"):
                self.servers[STOCK] = StockServer.launch(port, self.results_dir)
                self.servers[STOCK].await_ready()
            log(f"stock Keycloak ready after {self.timings['stock_start_s']:.0f} s (java pid "
                f"{self.servers[STOCK].pid})")
        self.bench_emulator = start_bench_emulator(issuer(self.installed), memory.bench_emails(self.mode["users"]),
                                                   self.emulator_port + 1, self.results_dir)
        self.load = Load(self.servers, [self.installed.emulator, self.bench_emulator], self.results_dir,
                         self.quiet_machine)

    def prepare(self):
        log("admin REST: benchmark client and audience mapper on each server; upstream copies and the policy "
            "audiences on the installed one")
        admins = {name: admin_rest.Admin(server.base) for name, server in self.servers.items()}
        self.admin = admins[INSTALLED]
        for each in admins.values():
            admin_rest.add_native_client(each)
        # Every exchange adds a row to its server's event table, and an insert gets slower as the table
        # grows; the installed server serves six scenarios to the stock server's one, so without this its
        # table would be several times larger at any moment and every ratio to stock would carry that.
        self.load.before_run = lambda name: admin_rest.clear_events(admins[name])
        if self.stand_in:
            return  # (a) only: no upstream or policy audience to prepare
        if self.emulator_port != DEFAULT_EMULATOR_PORT:
            admin_rest.point_upstream_at(self.admin, "databricks",
                                         f"http://127.0.0.1:{self.emulator_port}/databricks/oidc/v1/token")
        admin_rest.add_upstream_copies(self.admin, self.bench_emulator.token_endpoint)
        admin_rest.add_policy_audiences(self.admin, self.bench_emulator.opa_url)

    def check_scenarios(self):
        """One exchange per scenario before any load: each must answer 200 and do what it claims."""
        log("checking each scenario once")
        tokens = {name: server.subject_token() for name, server in self.servers.items()}
        for key, sc in SCENARIOS.items():
            status, body = oauth.exchange(self.servers[sc.server].base, sc.client, sc.audience, tokens[sc.server])
            if status != 200:
                raise SystemExit(f"scenario {key} does not work: HTTP {status} {str(body)[:300]}")
            delegated = sc.client == SCENARIOS[DELEGATION].client
            if delegated:
                record = audit_record(self.installed.keycloak_log, sc.audience)
                engine = record.get("decision", {}).get("engine")
                if record.get("outcome") != "allowed" or engine != sc.policy:
                    raise SystemExit(f"({key}) audit line has outcome {record.get('outcome')}, engine {engine}; "
                                     f"expected allowed, {sc.policy}")
            if key in FEDERATED:
                log(f"  {key}: HTTP 200, platform token expires_in={body.get('expires_in')}, "
                    f"audit decision.engine={sc.policy}")
                continue
            claims = oauth.claims(body["access_token"])
            if not delegated and "act" in claims:
                raise SystemExit(f"({key}) carries act: the request did not reach Keycloak's standard exchange")
            if delegated and claims.get("act") != {"sub": "claude-desktop"}:
                raise SystemExit(f"({key}) delegated token has act={claims.get('act')}")
            log(f"  {key}: HTTP 200, aud={claims.get('aud')}, act={claims.get('act')}, "
                f"lifetime={claims['exp'] - claims['iat']} s" + (f", audit decision.engine={sc.policy}" if delegated else ""))
        if not self.bench_emulator.policy_queries():
            raise SystemExit("the OPA stand-in was not asked: (f) did not reach OPA")

    def measure(self):
        mode = self.mode
        with self.timed("warmup_s"):
            self.load.warm_up(ROUND_ORDER, mode.get("warmup_passes", 1), mode["warmup_seconds"])
        with self.timed("measure_s"):
            self.load.measure(ROUND_ORDER, mode["levels"], mode["rounds"], mode["measure_seconds"])
            if mode["recheck_seconds"]:
                self.load.recheck((BASELINE, INSTALLED_BASELINE), mode["recheck_seconds"])

    def profile(self):
        if not self.mode["profile_seconds"]:
            return
        with self.timed("profile_s"):
            try:
                self.profiles, self.profile_windows = profiling.record(
                    self.load, self.installed, installed_scenarios(), self.mode["profile_seconds"], self.results_dir)
            except Exception as e:  # a failed profile must not lose the measurements
                self.notes.append(f"JFR profile failed: {e}")

    def many_users(self):
        if not self.mode["users"]:
            return
        with self.timed("memory_s"):
            self.memory = memory.many_users(self.load, self.installed, self.admin, self.mode["users"],
                                            self.mode["exchanges"], self.mode["warmup_seconds"], self.results_dir)

    def state(self):
        stock = self.servers.get(STOCK)
        notes = list(self.notes)
        if self.busy_repeats:
            notes.append(f"{self.busy_repeats} time(s) a disturbed run was repeated while other processes still "
                         "kept the machine busy (after waiting up to --wait-idle); see the \"other %\" column.")
        return dict(runs=self.load.runs, memory=self.memory, profiles=self.profiles, timings=self.timings,
                    mode=self.mode, notes=notes, idle=self.idle, port=self.args.port,
                    stock_port=stock.port if stock else None, emulator_port=self.emulator_port,
                    profile_windows=self.profile_windows, quick=self.args.quick,
                    facts=machine_facts(self.installed.pid, stock.pid if stock else None),
                    elapsed_s=time.time() - self.started,
                    run_date=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"))

    def write_report(self, out):
        state = self.state()
        with open(os.path.join(self.results_dir, "results.json"), "w") as f:
            json.dump(state, f, indent=1)
        write_markdown(state, out)
        log(f"raw results: {relative(self.results_dir)}/")

    def stop(self):
        t0 = time.time()
        if self.bench_emulator:
            self.bench_emulator.stop()
        for server in self.servers.values():
            server.stop()
        log(f"stopped in {time.time() - t0:.0f} s")

    def everything(self):
        self.quiet_machine()
        self.start()
        self.prepare()
        self.check_scenarios()
        self.measure()
        self.profile()
        self.many_users()
        self.write_report(self.args.out)


AUDIT_SCHEMA = '{"schema":"tokenbroker.audit/1"'
AUDIT_WAIT_S = 5


def last_audit_record(log_path, target):
    """The last audit line (log category dev.tokenbroker.audit) about this target in a server log, or None."""
    found = None
    try:
        with open(log_path, errors="replace") as f:
            for line in f:
                at = line.find(AUDIT_SCHEMA)
                if at >= 0:
                    try:
                        record = json.loads(line[at:])
                    except ValueError:
                        continue
                    if (record.get("target") or {}).get("name") == target:
                        found = record
    except OSError:
        pass
    return found


def audit_record(log_path, target):
    """The audit line of the exchange just made: it is written when the exchange ends, so wait briefly."""
    deadline = time.time() + AUDIT_WAIT_S
    while True:
        record = last_audit_record(log_path, target)
        if record is not None or time.time() > deadline:
            break
        time.sleep(0.2)
    if record is None:
        raise SystemExit(f"no audit line about {target} in {relative(log_path)}: is dev.tokenbroker.audit at INFO?")
    return record


def write_markdown(state, out, findings=None):
    with open(out, "w") as f:
        f.write(report.render(state, findings))
    log(f"wrote {relative(out)}")
