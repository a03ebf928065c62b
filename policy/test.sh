#!/usr/bin/env sh
# Runs the Rego unit tests (policy/tokenbroker/*_test.rego) with `opa test` when an `opa` binary is on
# PATH, and says clearly that it skipped them otherwise. ./mvnw verify calls this in the test phase.
set -eu
cd "$(dirname "$0")"
if command -v opa >/dev/null 2>&1; then
  echo "[policy] opa test -v tokenbroker ($(opa version | head -1))"
  exec opa test -v tokenbroker
fi
echo "[policy] SKIPPED the Rego unit tests in policy/tokenbroker: no 'opa' binary on PATH."
echo "[policy]   Run them with OPA installed:  opa test -v policy/tokenbroker"
echo "[policy]   or with Docker:               docker run --rm -v \"\$PWD/policy:/policy:ro\" openpolicyagent/opa test -v /policy/tokenbroker"
