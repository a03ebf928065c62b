"""Starting and stopping what the benchmark measures: the installed Keycloak (./run.sh, with its
emulator), the stock Keycloak, and the benchmark's own emulator.

Each is started in a session of its own and stopped by TERM to that session: a server is launched and
registered first, then waited for, so an interrupted start still stops what it began."""

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

from . import oauth, stock
from .log import log
from .processes import free_port_from, java_descendant, port_free, stop_session
from .project import REALM, REALM_EXPORT, ROOT, distribution, keycloak_version, relative
from .scenarios import OPA_DECISION, OPA_PATH

ADMIN_USER, ADMIN_PASSWORD = "admin", "admin"
MANAGEMENT_OFFSET = 1000  # run.sh puts Keycloak's management port (health) at port + 1000
STARTUP_TIMEOUT_S = 900  # includes run.sh's Maven build
KEYCLOAK_MARKERS = ("kc.home.dir", "QuarkusEntryPoint")
DEFAULT_EMULATOR_PORT = 8090


def server_environment():
    env = dict(os.environ)
    # kc.sh's own JVM defaults on both servers, recorded in the report
    env.pop("JAVA_OPTS", None)
    env.pop("JAVA_OPTS_KC_HEAP", None)
    # The demo realm reads its default policy engine and OPA URL from these at import: unset, the realm
    # default is "none", so every scenario but (e) and (f) runs without a policy.
    env.pop("TOKENBROKER_POLICY_ENGINE", None)
    env.pop("TOKENBROKER_OPA_URL", None)
    env.update(KC_BOOTSTRAP_ADMIN_USERNAME=ADMIN_USER, KC_BOOTSTRAP_ADMIN_PASSWORD=ADMIN_PASSWORD)
    return env


def launch(cmd, cwd, log_path, env=None):
    return subprocess.Popen(cmd, cwd=cwd, stdout=open(log_path, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True, env=env)


def require_free(port, option):
    for p in (port, port + MANAGEMENT_OFFSET):
        if not port_free(p):
            raise SystemExit(f"port {p} is busy; choose another Keycloak port with {option}")


class Emulator:
    """An upstream emulator process and the log in which it writes one line per request."""

    def __init__(self, pid, log_path, process=None):
        self.pid, self.log, self.process = pid, log_path, process

    def lines(self, prefix):
        try:
            with open(self.log, errors="replace") as f:
                return sum(1 for line in f if line.startswith(prefix))
        except OSError:
            return 0

    def token_requests(self):
        return self.lines("[databricks] POST")

    def policy_queries(self):
        """Queries the OPA stand-in answered."""
        return self.lines("[opa] POST")

    def stop(self):
        stop_session(self.process, 20)


class KeycloakServer:
    """One Keycloak: where it answers, its java pid, how to get a subject token from it."""

    name = "?"

    def __init__(self, port, process, log_path):
        self.port, self.process, self.log = port, process, log_path
        self.base = f"http://localhost:{port}"
        self.token_url = oauth.token_url(self.base)
        self.pid = None

    def subject_token(self):
        return oauth.subject_token(self.base)

    def await_ready(self):
        deadline = time.time() + STARTUP_TIMEOUT_S
        health = f"http://localhost:{self.port + MANAGEMENT_OFFSET}/health/ready"
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the {self.name} Keycloak exited ({self.process.returncode}); see "
                                 f"{relative(self.log)}")
            try:
                with urllib.request.urlopen(health, timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(1)
        else:
            raise SystemExit(f"the {self.name} Keycloak was not ready within {STARTUP_TIMEOUT_S // 60} minutes")
        self.pid = java_descendant(self.process.pid, *KEYCLOAK_MARKERS)
        if self.pid is None:
            raise SystemExit(f"could not find the {self.name} Keycloak's java process")

    def session_pids(self):
        return [self.pid]

    def stop(self):
        if self.process.poll() is None:
            log(f"stopping the {self.name} Keycloak")
        stop_session(self.process, 120, self.session_pids())


class InstalledServer(KeycloakServer):
    """./run.sh --fresh: the build, our jars in providers/, the demo realm, run.sh's emulator."""

    name = "installed"

    @classmethod
    def launch(cls, port, emulator_port, skip_build, results_dir):
        require_free(port, "--port")
        cmd = ["./run.sh", "--port", str(port), "--fresh"]
        if emulator_port != DEFAULT_EMULATOR_PORT:
            cmd += ["--emulator-port", str(emulator_port)]
        if skip_build:
            cmd.append("--skip-build")
        log_path = os.path.join(results_dir, "run.log")
        log(f"starting the installed Keycloak: {' '.join(cmd)} (log: {relative(log_path)}, "
            ".cache/run/keycloak.log)")
        server = cls(port, launch(cmd, ROOT, log_path, server_environment()), log_path)
        server.emulator = Emulator(None, os.path.join(ROOT, ".cache", "run", "emulators.log"))
        server.keycloak_log = os.path.join(ROOT, ".cache", "run", "keycloak.log")  # audit lines among the rest
        return server

    def await_ready(self):
        super().await_ready()
        self.emulator.pid = java_descendant(self.process.pid, "tokenbroker-emulators")

    def session_pids(self):
        return [self.pid, self.emulator.pid]  # run.sh's emulator is in the same session


class StockServer(KeycloakServer):
    """The same distribution with an empty providers/ and the stock realm (see stock.py), started with
    the options run.sh gives the installed one: kc.sh start-dev, health and metrics, dev-file database,
    realm import."""

    name = "stock"
    home_suffix = "stock"

    @classmethod
    def launch(cls, port, results_dir):
        require_free(port, "--port")
        home = os.path.join(ROOT, ".cache", "bench", f"keycloak-{keycloak_version()}-{cls.home_suffix}")
        stock.prepare_home(distribution(), home, REALM_EXPORT)
        cls.add_providers(home)
        cmd = [os.path.join(home, "bin", "kc.sh"), "start-dev", f"--http-port={port}",
               f"--http-management-port={port + MANAGEMENT_OFFSET}", "--health-enabled=true",
               # run.sh enables metrics on the installed server; Keycloak then times every HTTP request,
               # which costs both servers alike only if both have it on
               "--metrics-enabled=true", "--db=dev-file", "--import-realm"]
        log_path = os.path.join(results_dir, f"{cls.home_suffix}-keycloak.log")
        log(f"starting the {cls.name} Keycloak ({cls.home_suffix}) on port {port} (home {relative(home)}, "
            f"log {relative(log_path)})")
        return cls(port, launch(cmd, home, log_path, server_environment()), log_path)

    @classmethod
    def add_providers(cls, home):
        """None on the stock server."""


class JarsOnStockRealmServer(StockServer):
    """An experiment's installed server: the stock server's home, realm and options, plus our jars in
    providers/ — and nothing else of run.sh's (no second realm, no emulator or gateway processes). Set
    against the stock server, it measures what the jars alone cost a request they do not handle."""

    name = "installed"  # the key the load and the admin clients know it by
    home_suffix = "jars"

    @classmethod
    def add_providers(cls, home):
        jars = os.path.join(ROOT, "integration-tests", "target", "providers")
        for jar in sorted(os.listdir(jars)):
            if jar.endswith(".jar"):
                shutil.copy2(os.path.join(jars, jar), os.path.join(home, "providers"))

    @classmethod
    def launch_installed(cls, port, results_dir):
        server = cls.launch(port, results_dir)
        server.emulator = Emulator(None, os.devnull)  # no upstream emulator of its own: (a) calls none
        server.keycloak_log = server.log
        return server


class StockTwinServer(JarsOnStockRealmServer):
    """An A/A control: a second stock server (its own copy of the stock home, same realm and options, no
    jars) standing where the installed one stands. Set against the stock server, its ratios are those of
    two identical servers, so their spread from start to start is the method's own."""

    home_suffix = "twin"

    @classmethod
    def add_providers(cls, home):
        """None: it is stock."""


def issuer(server):
    return f"{server.base}/realms/{REALM}"


def bench_emulator_command(jar, port, config_path):
    """The benchmark's emulator: its configuration file, and the OPA stand-in answering (f)'s fixed
    decision at the default document path."""
    return ["java", "-jar", jar, "--port", str(port), "--config", config_path,
            "--opa-document", f"{OPA_PATH}={json.dumps(OPA_DECISION, separators=(',', ':'))}"]


def start_bench_emulator(issuer_url, extra_users, port_from, results_dir):
    """A second emulator: the acme demo configuration plus the memory scenario's users, whom run.sh's
    emulator does not know, and the OPA stand-in of scenario (f) with an allow decision loaded."""
    jar = os.path.join(ROOT, "emulators", "target", "tokenbroker-emulators.jar")
    config = json.loads(subprocess.run(["java", "-jar", jar, "--print-config", "--issuer", issuer_url],
                                       capture_output=True, text=True, check=True).stdout)
    config["databricks"]["provisionedUsers"] += list(extra_users)
    config_path = os.path.join(results_dir, "bench-emulator-config.json")
    with open(config_path, "w") as f:
        json.dump(config, f)
    port = free_port_from(port_from)
    log_path = os.path.join(results_dir, "bench-emulator.log")
    process = launch(bench_emulator_command(jar, port, config_path), ROOT, log_path)
    emulator = Emulator(process.pid, log_path, process)
    deadline = time.time() + 60
    while "listening on" not in open(log_path).read():
        if process.poll() is not None or time.time() > deadline:
            emulator.stop()
            raise SystemExit(f"the benchmark's emulator did not start; see {relative(log_path)}")
        time.sleep(0.2)
    emulator.token_endpoint = f"http://127.0.0.1:{port}/databricks/oidc/v1/token"
    emulator.opa_url = f"http://127.0.0.1:{port}/opa"
    log(f"benchmark emulator on 127.0.0.1:{port} (pid {process.pid}, {len(extra_users)} extra Databricks users)")
    return emulator
