#!/usr/bin/env bash
# Reproducible benchmark of Keycloak Token Broker against stock Keycloak, in one run on one machine.
# Starts the installed Keycloak (./run.sh --fresh: our jars, the demo realm, the upstream emulators) and
# a stock one (the same distribution, no jars), drives one at a time with wrk at 1, 8 and 32 connections
# (the policy scenarios (e) built-in and (f) OPA stand-in at 8 and 32),
# and writes BENCHMARKS.md at the repository root. The driver is the Python package bench/tokenbench/.
#
#   ./bench/run-benchmark.sh                 full run (~40 min on 2 cores)
#   ./bench/run-benchmark.sh --quick         smoke run (a few minutes; ratios indicative only)
#   options: --port 8480 (installed Keycloak; its management port is +1000; the stock one takes the next
#            free pair), --emulator-port 8090, --skip-build, --profile <seconds per scenario> (JFR; 15 in a
#            full run, 0 = off), --wait-idle <seconds> (wait for other CPU load to end, default 600),
#            --out BENCHMARKS.md, --render <bench/results/...> (re-render a finished run, no server)
#
# Not part of ./mvnw verify (its unit tests are: bench/tests). Needs: wrk, python3, curl, openssl, a JDK 17
# (java, jcmd, jfr).
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in -h|--help) sed -n '2,16p' "$0"; exit 0 ;; esac

missing=()
command -v wrk >/dev/null || missing+=("wrk      -> sudo apt-get update && sudo apt-get install -y wrk")
command -v python3 >/dev/null || missing+=("python3  -> sudo apt-get install -y python3")
command -v curl >/dev/null || missing+=("curl     -> sudo apt-get install -y curl")
command -v openssl >/dev/null || missing+=("openssl  -> sudo apt-get install -y openssl")
for tool in java jcmd jfr; do
  command -v "$tool" >/dev/null || missing+=("$tool     -> a full JDK 17, e.g. sudo apt-get install -y openjdk-17-jdk-headless")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "The benchmark needs tools that are not installed:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 2
fi

PYTHONPATH="bench${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m tokenbench "$@"
