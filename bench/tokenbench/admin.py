"""Admin REST set-up of the benchmark's own objects: clients, audience mappers, upstreams, users."""

import time
import urllib.parse

from .log import log
from .oauth import http_call
from .project import REALM
from .scenarios import BUILTIN_AUDIENCE, DIRECT_CLIENT, GATEWAY, MEMORY_UPSTREAM, NATIVE_CLIENT, NATIVE_SECRET, \
    NOCACHE_UPSTREAM, OPA_AUDIENCE, OPA_PATH, SUBJECT_CLIENT
from .servers import ADMIN_PASSWORD, ADMIN_USER

UPSTREAM_TYPE = "dev.tokenbroker.upstream.UpstreamProvider"
ALLOWED_ACTORS = "tokenbroker.delegation.allowed-actors"
# Cheap password hashing for the benchmark users only (10,000 direct-grant logins with the default
# hashing would take longer than everything else together). Never a production setting.
BENCH_PASSWORD_POLICY = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"
USER_BATCH = 500


class Admin:
    """Admin REST client of one server's acme realm; admin-cli tokens of the master realm live 60 s,
    so it renews them."""

    def __init__(self, base):
        self.base = base
        self.token = None
        self.fetched = 0

    def headers(self):
        if self.token is None or time.time() - self.fetched > 30:
            status, body, _ = http_call("POST", f"{self.base}/realms/master/protocol/openid-connect/token",
                                        form=dict(grant_type="password", client_id="admin-cli",
                                                  username=ADMIN_USER, password=ADMIN_PASSWORD))
            if status != 200:
                raise RuntimeError(f"admin login failed: {status} {body}")
            self.token, self.fetched = body["access_token"], time.time()
        return {"Authorization": "Bearer " + self.token}

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        status, result, _ = http_call(method, f"{self.base}/admin/realms/{REALM}{path}", json_body=body,
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

    def add_audience_mapper(self, client_id, audience):
        client = self.client(client_id)
        self.call("POST", f"/clients/{client['id']}/protocol-mappers/models", audience_mapper(audience))


def clear_events(admin):
    """Deletes the realm's stored user events (admin events stay: only set-up writes them)."""
    admin.call("DELETE", "/events")


def audience_mapper(audience):
    return {"name": f"audience: {audience}", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
            "config": {"included.client.audience": audience, "access.token.claim": "true",
                       "id.token.claim": "false", "introspection.token.claim": "true"}}


def add_native_client(admin):
    """(s) and (a): a confidential client that uses Keycloak's standard exchange only, created alike on
    both servers. alice's claude-desktop tokens must name it as an audience, as they name mcp-gateway,
    for the standard exchange to accept it as the holder."""
    admin.call("POST", "/clients", {
        "clientId": NATIVE_CLIENT, "name": "Benchmark: native standard token exchange",
        "publicClient": False, "clientAuthenticatorType": "client-secret", "secret": NATIVE_SECRET,
        "standardFlowEnabled": False, "directAccessGrantsEnabled": False, "serviceAccountsEnabled": False,
        "attributes": {"standard.token.exchange.enabled": "true"},
        "protocolMappers": [audience_mapper("analytics-mcp")]})
    admin.add_audience_mapper(SUBJECT_CLIENT, NATIVE_CLIENT)


POLICY = "tokenbroker.policy."
# (e): the rules the demo realm gives its aws upstream (agents, a role, a lifetime cap) plus an
# all-week time window, so every built-in rule kind is evaluated and alice (analyst, through
# claude-desktop) is allowed.
BUILTIN_RULES = {"engine": "builtin", "agents": "claude-desktop chatgpt cursor research-agent", "roles": "analyst",
                 "time-windows": "Mon-Sun 00:00-24:00", "time-zone": "Europe/Berlin", "max-lifetime": "300"}


def opa_rules(opa_url):
    """(f): OPA at the benchmark emulator's stand-in, which allows every input."""
    return {"engine": "opa", "opa.url": opa_url, "opa.path": OPA_PATH}


def policy_audience(client_id, what, rules):
    """A delegation target like analytics-mcp (confidential, no flows of its own) whose attributes choose
    its policy engine and settings."""
    return {"clientId": client_id, "name": f"Benchmark: delegation target, {what} policy", "publicClient": False,
            "clientAuthenticatorType": "client-secret", "secret": client_id + "-secret",
            "standardFlowEnabled": False, "directAccessGrantsEnabled": False, "serviceAccountsEnabled": False,
            "attributes": {POLICY + key: value for key, value in rules.items()}}


def add_policy_audiences(admin, opa_url):
    """(e) and (f): the two audience clients, and mcp-gateway's audience mappers for them (Keycloak's
    audience mappers decide which clients a client may address: like analytics-mcp for (b))."""
    for client_id, what, rules in ((BUILTIN_AUDIENCE, "built-in", BUILTIN_RULES),
                                   (OPA_AUDIENCE, "OPA", opa_rules(opa_url))):
        admin.call("POST", "/clients", policy_audience(client_id, what, rules))
        admin.add_audience_mapper(GATEWAY, client_id)


def point_upstream_at(admin, name, token_endpoint):
    component = admin.upstream(name)
    component["config"]["token.endpoint"] = [token_endpoint]
    admin.call("PUT", f"/components/{component['id']}", component)


def add_upstream_copies(admin, bench_endpoint):
    """(d) the demo's Databricks upstream without the token cache, and (m) with it, both against the
    benchmark's emulator."""
    databricks = admin.upstream("databricks")
    for name, cache in ((NOCACHE_UPSTREAM, False), (MEMORY_UPSTREAM, True)):
        config = {k: list(v) for k, v in databricks["config"].items() if k != "resource"}
        config["token.endpoint"] = [bench_endpoint]
        if not cache:
            config["cache.enabled"] = ["false"]
        admin.call("POST", "/components", {"name": name, "providerId": databricks["providerId"],
                                           "providerType": UPSTREAM_TYPE, "parentId": databricks["parentId"],
                                           "config": config})


def prepare_many_users(admin, users):
    """The memory scenario's users and the public client that logs them in by direct grant, allowed as
    an actor at mcp-gateway; cheap password hashing so the logins do not dominate the run.
    users: (username, email, password) triples. Returns the seconds the user import took."""
    admin.call("POST", "/clients", {
        "clientId": DIRECT_CLIENT, "name": "Benchmark: direct grant for many users", "publicClient": True,
        "standardFlowEnabled": False, "directAccessGrantsEnabled": True,
        "protocolMappers": [audience_mapper(GATEWAY)]})
    gateway = admin.client(GATEWAY)
    actors = gateway["attributes"].get(ALLOWED_ACTORS, "")
    gateway["attributes"][ALLOWED_ACTORS] = (actors + " " + DIRECT_CLIENT).strip()
    admin.call("PUT", f"/clients/{gateway['id']}", gateway)
    admin.call("PUT", "", {"passwordPolicy": BENCH_PASSWORD_POLICY})
    t0 = time.time()
    for start in range(0, len(users), USER_BATCH):
        admin.call("POST", "/partialImport", {"ifResourceExists": "SKIP", "users": [
            {"username": username, "email": email, "emailVerified": True, "enabled": True,
             "firstName": "Bench", "lastName": username,
             "credentials": [{"type": "password", "value": password, "temporary": False}]}
            for username, email, password in users[start:start + USER_BATCH]]})
    seconds = time.time() - t0
    log(f"  imported {len(users)} users in {seconds:.0f} s")
    return seconds
