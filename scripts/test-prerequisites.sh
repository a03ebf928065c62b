#!/usr/bin/env bash
# Prepares a machine for the README's test command (./mvnw -B verify), as .ci/run does before it:
# checks for Node 20+ (the admin console theme is built with it) and installs Debian's chromium when
# /usr/bin/chromium (or $CHROMIUM; then run Maven with -Dconsole.chromium=$CHROMIUM) is missing, for
# the browser tests that drive it headless.
set -euo pipefail
cd "$(dirname "$0")/.."

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
