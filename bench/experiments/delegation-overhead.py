#!/usr/bin/env python3
"""Follow-up experiment to the benchmark's scenario (b): where does delegation lose to the baseline?

Not part of bench/run-benchmark.sh. Same server set-up (./run.sh --fresh, benchmark objects through the
admin REST API, wrk + bench/exchange.lua), then four clients exchanging alice's claude-desktop token for
audience analytics-mcp at 8 connections, in rounds back to back:

  a          bench-native: Keycloak's standard exchange, one audience mapper (the benchmark's baseline)
  a+mappers  bench-native-gw: Keycloak's standard exchange, mcp-gateway's three protocol mappers
  b          mcp-gateway: delegation (the benchmark's scenario b)
  b-mappers  bench-deleg: delegation with mcp-gateway's attributes, bench-native's single audience mapper

If "b-mappers" ~ "b" and "a+mappers" ~ "a", the gap is the delegation code path, not the client's
configuration. Usage: python3 bench/experiments/delegation-overhead.py [--rounds 3] [--seconds 15]
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tokenbench.admin import audience_mapper  # noqa: E402
from tokenbench.experiments import experiment_server  # noqa: E402
from tokenbench.scenarios import GATEWAY, GATEWAY_SECRET, NATIVE_CLIENT, NATIVE_SECRET  # noqa: E402

CLIENTS = {
    "a": (NATIVE_CLIENT, NATIVE_SECRET),
    "a+mappers": ("bench-native-gw", "bench-native-gw-secret"),
    "b": (GATEWAY, GATEWAY_SECRET),
    "b-mappers": ("bench-deleg", "bench-deleg-secret"),
}


def setup(bench):
    admin = bench.admin
    gateway = admin.client(GATEWAY)
    gateway_mappers = [{k: v for k, v in m.items() if k != "id"} for m in gateway.get("protocolMappers", [])]
    admin.call("POST", "/clients", {
        "clientId": "bench-native-gw", "publicClient": False, "clientAuthenticatorType": "client-secret",
        "secret": "bench-native-gw-secret", "standardFlowEnabled": False, "serviceAccountsEnabled": False,
        "attributes": {"standard.token.exchange.enabled": "true"}, "protocolMappers": gateway_mappers})
    attributes = {k: v for k, v in gateway["attributes"].items()
                  if k.startswith("tokenbroker.") or k == "standard.token.exchange.enabled"}
    admin.call("POST", "/clients", {
        "clientId": "bench-deleg", "publicClient": False, "clientAuthenticatorType": "client-secret",
        "secret": "bench-deleg-secret", "standardFlowEnabled": False, "serviceAccountsEnabled": False,
        "attributes": attributes, "protocolMappers": [audience_mapper("analytics-mcp")]})
    desktop = admin.client("claude-desktop")
    for client_id in ("bench-native-gw", "bench-deleg"):
        admin.call("POST", f"/clients/{desktop['id']}/protocol-mappers/models", audience_mapper(client_id))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--port", type=int, default=8480)
    opts = parser.parse_args()
    results = {k: [] for k in CLIENTS}
    with experiment_server(opts.port) as bench:
        setup(bench)
        for key, client in CLIENTS.items():
            bench.load.run(f"warm-up {key}", "x", 8, 30, client=client, audience="analytics-mcp", phase="warmup")
        for _ in range(opts.rounds):
            for key, client in CLIENTS.items():
                time.sleep(2)
                r = bench.load.undisturbed(lambda: bench.load.run(key, "x", 8, opts.seconds, client=client,
                                                                  audience="analytics-mcp"))
                results[key].append(r)
    base = sum(r["rps"] for r in results["a"]) / len(results["a"])
    print("\n| client | req/s (mean) | rounds | ratio to a | p99 ms (mean) | KC CPU ms/req |")
    print("|---|---:|---:|---:|---:|---:|")
    for key, runs in results.items():
        rps = sum(r["rps"] for r in runs) / len(runs)
        p99 = sum(r["latency_us"]["p99"] for r in runs) / len(runs) / 1000
        cpu = sum(r["cpu_pct"] * 10 / r["rps"] for r in runs) / len(runs)
        per_round = " / ".join(f"{r['rps']:.0f}" for r in runs)
        print(f"| {key} | {rps:.0f} | {per_round} | {rps / base:.3f}× | "
              f"{p99:.1f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
