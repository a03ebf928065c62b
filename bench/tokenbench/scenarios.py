"""What the benchmark measures: the scenarios, the clients they use, and how long each phase runs.

Every scenario is an RFC 8693 token exchange on the acme realm's token endpoint with alice's
claude-desktop access token as subject token; they differ in the server, the requesting client and
the audience. (e) and (f) are (b)'s request to an audience whose policy engine is set: the built-in
rules, or OPA (the emulators' stand-in on loopback).
"""

from dataclasses import dataclass

INSTALLED, STOCK = "installed", "stock"
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"

# Benchmark-only objects, created through the admin REST API in each run's fresh database.
NATIVE_CLIENT, NATIVE_SECRET = "bench-native", "bench-native-secret"
DIRECT_CLIENT = "bench-direct"
NOCACHE_UPSTREAM = "databricks-nocache"
MEMORY_UPSTREAM = "databricks-bench"
# Audience clients of (e) and (f): delegation targets like analytics-mcp, each with a policy engine.
BUILTIN_AUDIENCE = "bench-policy-builtin"
OPA_AUDIENCE = "bench-policy-opa"
OPA_PATH = "tokenbroker/exchange/decision"
OPA_DECISION = {"allow": True}  # what the stand-in answers for every input: the benchmark measures the call
GATEWAY, GATEWAY_SECRET = "mcp-gateway", "demo-mcp-gateway-secret"
SUBJECT_CLIENT, SUBJECT_USER, SUBJECT_PASSWORD = "claude-desktop", "alice", "alice"


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    client: tuple
    audience: str
    server: str = INSTALLED
    levels: tuple = None  # None: every concurrency level of the mode
    policy: str = "none"  # the policy engine the installed server applies (the audit line's decision.engine)


NATIVE = (NATIVE_CLIENT, NATIVE_SECRET)
GATEWAY_CLIENT = (GATEWAY, GATEWAY_SECRET)

# The policy scenarios run at 8 and 32 connections only, where the server is CPU-bound and a policy's
# cost shows as throughput; that keeps the full run near 40 minutes (see MODES).
POLICY_LEVELS = (8, 32)

# Listed (and reported) in letter order; measured in ROUND_ORDER.
SCENARIOS = {sc.key: sc for sc in (
    Scenario("s", "stock Keycloak, standard exchange", NATIVE, "analytics-mcp", server=STOCK),
    Scenario("a", "installed, unused: standard exchange", NATIVE, "analytics-mcp"),
    Scenario("b", "delegation with act", GATEWAY_CLIENT, "analytics-mcp"),
    Scenario("c", "federated, cache hit", GATEWAY_CLIENT, "databricks"),
    Scenario("d", "federated, cache miss", GATEWAY_CLIENT, NOCACHE_UPSTREAM),
    Scenario("e", "delegation, built-in policy", GATEWAY_CLIENT, BUILTIN_AUDIENCE, levels=POLICY_LEVELS,
             policy="builtin"),
    Scenario("f", "delegation, OPA policy (stand-in on loopback)", GATEWAY_CLIENT, OPA_AUDIENCE,
             levels=POLICY_LEVELS, policy="opa"),
)}
# Measured in this order, then in reverse (see load.round_order): (s) next to (a), the comparison with
# the tightest target, and (e), (f) next to (b), their reference, so the runs of each pair are close.
ROUND_ORDER = ("s", "a", "b", "e", "f", "c", "d")
BASELINE = "s"
# (a) is what the installed server does when nothing of ours applies: the secondary reference.
INSTALLED_BASELINE = "a"
# (b) is delegation without a policy: the reference of the policy scenarios.
DELEGATION = "b"
POLICY_SCENARIOS = ("e", "f")
# Their token is a platform's, not one of this realm.
FEDERATED = ("c", "d")


def installed_scenarios():
    return [key for key, sc in SCENARIOS.items() if sc.server == INSTALLED]


def keys_at(level, keys=ROUND_ORDER):
    """The scenarios measured at this concurrency level, in the given order."""
    return [key for key in keys if SCENARIOS[key].levels is None or level in SCENARIOS[key].levels]


# Full mode: ~40 min on 2 cores. The five scenarios s-d took ~33 min; (e) and (f) at every level with
# three warm-up passes would add ~11. Trimmed: they are measured at 8 and 32 connections only (POLICY_LEVELS,
# 4 rounds each) and join only the last warm-up pass (their code beyond (b)'s is the policy step and,
# for OPA, the outbound HTTP client (d) already warms), which adds ~7 min.
MODES = {
    "full": dict(warmup_seconds=30, warmup_passes=3, measure_seconds=15, rounds=4, levels=(1, 8, 32),
                 recheck_seconds=15, users=10_000, exchanges=100_000, profile_seconds=15),
    "quick": dict(warmup_seconds=10, warmup_passes=1, measure_seconds=8, rounds=1, levels=(1, 8, 32),
                  recheck_seconds=0, users=1_000, exchanges=10_000, profile_seconds=0),
}
# Scenarios that join only the last warm-up pass.
WARM_UP_LAST_PASS_ONLY = POLICY_SCENARIOS
