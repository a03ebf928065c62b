#!/usr/bin/env bash
# Tests everything: the README's test command, and what .ci/run runs. Sets up what the browser tests
# of the admin console need (Debian's chromium, driven headless), then runs the whole Maven build:
# unit tests, the Rego tests when opa is on PATH, the integration tests against a real Keycloak and
# the console in Chromium. Arguments go to Maven (e.g. ./test.sh -Dit.test=AdminConsoleIT).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "Node.js 20 or newer (with npm) must be on PATH: the admin console theme is built with it." >&2
  exit 1
fi

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "==> Installing Debian's chromium (the admin console's browser tests drive it headless)"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    echo "chromium is missing and neither root nor sudo is available to install it (apt-get install chromium)" >&2
    exit 1
  fi
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium
fi

exec ./mvnw -B verify -Dconsole.chromium="$chromium" "$@"
