#!/bin/sh
# Builds the console theme with the machine's Node (>= 20) and npm; Maven runs it (compile phase)
# with the server's version as argument.
# Nothing downloads Node or a browser. npm ci runs only when package-lock.json changed since the last
# install, and the bundle is rebuilt only when its inputs changed since the last build.
set -eu
cd "$(dirname "$0")"

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "admin-theme: Node.js 20 or newer is required on PATH (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# The console must come from the server's exact version (its routes, REST calls and messages).
keycloak_version="${1:-}"
ui_version=$(node -p 'require("./package.json").dependencies["@keycloak/keycloak-admin-ui"]')
if [ -n "$keycloak_version" ] && [ "$ui_version" != "$keycloak_version" ]; then
  echo "admin-theme: @keycloak/keycloak-admin-ui is $ui_version in package.json, the server is $keycloak_version: pin the same version" >&2
  exit 1
fi

lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.tokenbroker-lock 2>/dev/null || true)" != "$lock" ]; then
  npm ci --prefer-offline --no-audit --no-fund
  echo "$lock" > node_modules/.tokenbroker-lock
fi

out=target/classes/theme/tokenbroker/admin/resources
inputs=$(find src/*.ts src/*.tsx src/*.css src/*/ vite.config.js tsconfig.json package.json package-lock.json -type f 2>/dev/null | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
if [ -f "$out/.vite/manifest.json" ] && [ "$(cat target/.tokenbroker-inputs 2>/dev/null || true)" = "$inputs" ]; then
  echo "admin-theme: bundle up to date"
  exit 0
fi
npm run build
echo "$inputs" > target/.tokenbroker-inputs
