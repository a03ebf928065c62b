"""Latency of a tool call through the reference MCP gateway beside the same work done directly.

Against a running `./run.sh` (Keycloak, emulators, gateway), for alice through claude-desktop:

  direct   the bare exchange at Keycloak (audience=databricks) plus the Databricks SQL call, from here
  gateway  an MCP tools/call of databricks_query (the gateway does that exchange and that SQL call)

each timed per call, cached (one session: the broker serves the Databricks token from its cache) and
uncached (a new sign-in, so a new session, before every call; the sign-in is not timed). The
gateway's own overhead is the difference of the medians and of the 99th percentiles.

  python3 -m tokenbench.mcp_latency [--keycloak http://localhost:8080] [--gateway http://localhost:8095/mcp]
                                    [--emulators http://127.0.0.1:8090] [-n 200] [--uncached 30]
"""
import argparse
import base64
import json
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PROTOCOL = "2025-11-25"
SECRET = "demo-mcp-gateway-secret"
SQL = "SELECT current_user()"


def percentile(samples, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def summary(samples_ms):
    return {"n": len(samples_ms), "p50_ms": round(percentile(samples_ms, 50), 2),
            "p99_ms": round(percentile(samples_ms, 99), 2)}


def overhead(gateway, direct):
    """What the gateway adds: gateway minus direct, at p50 and p99."""
    return {"p50_ms": round(gateway["p50_ms"] - direct["p50_ms"], 2),
            "p99_ms": round(gateway["p99_ms"] - direct["p99_ms"], 2)}


def sse_or_json(body, content_type):
    """The JSON-RPC message of a Streamable HTTP answer: plain JSON, or the last data of an SSE stream."""
    if content_type.startswith("text/event-stream"):
        data = [line[5:].strip() for line in body.splitlines() if line.startswith("data:")]
        return json.loads(data[-1])
    return json.loads(body)


def post(url, body, headers, form=False):
    data = urllib.parse.urlencode(body).encode() if form else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded" if form else "application/json", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode(), response.headers.get("Content-Type", ""), response.headers


def sign_in(keycloak):
    script = Path(__file__).resolve().parents[2] / "scripts" / "pkce-login.sh"
    return subprocess.run([str(script), "claude-desktop", "alice", "alice", keycloak], check=True, text=True,
                          capture_output=True, env={"SCOPE": "openid mcp:tools", "PATH": "/usr/bin:/bin"}).stdout.strip()


class McpSession:
    def __init__(self, gateway, token):
        self.gateway, self.headers, self.next_id = gateway, {
            "Authorization": "Bearer " + token, "Accept": "application/json, text/event-stream"}, 1
        _, _, headers = post(gateway, self.message("initialize", {
            "protocolVersion": PROTOCOL, "capabilities": {}, "clientInfo": {"name": "tokenbench", "version": "1"}}),
            self.headers)
        self.headers.update({"Mcp-Session-Id": headers["Mcp-Session-Id"], "MCP-Protocol-Version": PROTOCOL})
        post(gateway, {"jsonrpc": "2.0", "method": "notifications/initialized"}, self.headers)

    def message(self, method, params):
        self.next_id += 1
        return {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}

    def call(self):
        body, content_type, _ = post(self.gateway, self.message(
            "tools/call", {"name": "databricks_query", "arguments": {"sql": SQL}}), self.headers)
        result = sse_or_json(body, content_type)["result"]
        if result.get("isError"):
            raise RuntimeError(result["content"][0]["text"])


def direct(keycloak, emulators, gateway, token):
    body, _, _ = post(keycloak + "/realms/acme/protocol/openid-connect/token", {
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token": token,
        "subject_token_type": "urn:ietf:params:oauth:token-type:access_token", "audience": "databricks",
        "authorization_details": json.dumps([{"type": "tool_invocation", "tool": "databricks_query", "server": gateway}])},
        {"Authorization": "Basic " + base64.b64encode(("mcp-gateway:" + SECRET).encode()).decode()},
        form=True)
    databricks = json.loads(body)["access_token"]
    post(emulators + "/databricks/api/2.0/sql/statements", {"statement": SQL, "warehouse_id": "acme-warehouse"},
         {"Authorization": "Bearer " + databricks})


def timed(action, times):
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keycloak", default="http://localhost:8080")
    parser.add_argument("--gateway", default="http://localhost:8095/mcp")
    parser.add_argument("--emulators", default="http://127.0.0.1:8090")
    parser.add_argument("-n", type=int, default=200, help="cached calls per side")
    parser.add_argument("--uncached", type=int, default=30, help="uncached calls per side (a sign-in each)")
    args = parser.parse_args()

    token = sign_in(args.keycloak)
    session = McpSession(args.gateway, token)
    for _ in range(20):  # warm-up: JIT, connection pools, the broker's cache
        session.call()
        direct(args.keycloak, args.emulators, args.gateway, token)
    cached = {"direct": summary(timed(lambda: direct(args.keycloak, args.emulators, args.gateway, token), args.n)),
              "gateway": summary(timed(session.call, args.n))}
    uncached_direct, uncached_gateway = [], []
    for _ in range(args.uncached):
        fresh = sign_in(args.keycloak)
        uncached_direct += timed(lambda: direct(args.keycloak, args.emulators, args.gateway, fresh), 1)
        fresh_session = McpSession(args.gateway, sign_in(args.keycloak))
        uncached_gateway += timed(fresh_session.call, 1)
    uncached = {"direct": summary(uncached_direct), "gateway": summary(uncached_gateway)}
    for result in (cached, uncached):
        result["gateway_overhead"] = overhead(result["gateway"], result["direct"])
    print(json.dumps({"cached": cached, "uncached": uncached}, indent=2))


if __name__ == "__main__":
    main()
