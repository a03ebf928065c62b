"""What the benchmark measures: the scenarios, the clients they use, and how long each phase runs.

Every scenario is an RFC 8693 token exchange on the acme realm's token endpoint with alice's
claude-desktop access token as subject token; they differ in the server, the requesting client and
the audience.
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
GATEWAY, GATEWAY_SECRET = "mcp-gateway", "demo-mcp-gateway-secret"
SUBJECT_CLIENT, SUBJECT_USER, SUBJECT_PASSWORD = "claude-desktop", "alice", "alice"


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    client: tuple
    audience: str
    server: str = INSTALLED


NATIVE = (NATIVE_CLIENT, NATIVE_SECRET)
GATEWAY_CLIENT = (GATEWAY, GATEWAY_SECRET)

# Measured in this order, then in reverse (see load.round_order): (s) next to (a), the comparison with
# the tightest target, so the two runs of every pair are adjacent.
SCENARIOS = {sc.key: sc for sc in (
    Scenario("s", "stock Keycloak, standard exchange", NATIVE, "analytics-mcp", server=STOCK),
    Scenario("a", "installed, unused: standard exchange", NATIVE, "analytics-mcp"),
    Scenario("b", "delegation with act", GATEWAY_CLIENT, "analytics-mcp"),
    Scenario("c", "federated, cache hit", GATEWAY_CLIENT, "databricks"),
    Scenario("d", "federated, cache miss", GATEWAY_CLIENT, NOCACHE_UPSTREAM),
)}
BASELINE = "s"
# (a) is what the installed server does when nothing of ours applies: the secondary reference.
INSTALLED_BASELINE = "a"


def installed_scenarios():
    return [key for key, sc in SCENARIOS.items() if sc.server == INSTALLED]


# Full mode: ~33 min on 2 cores. Adding (s) made warm-up and measurement a fifth longer than the four
# scenarios' ~27 min; that still fits the ~35 min budget, so rounds and run lengths are unchanged.
MODES = {
    "full": dict(warmup_seconds=30, warmup_passes=3, measure_seconds=15, rounds=4, levels=(1, 8, 32),
                 recheck_seconds=15, users=10_000, exchanges=100_000, profile_seconds=15),
    "quick": dict(warmup_seconds=10, warmup_passes=1, measure_seconds=8, rounds=1, levels=(1, 8, 32),
                  recheck_seconds=0, users=1_000, exchanges=10_000, profile_seconds=0),
}
