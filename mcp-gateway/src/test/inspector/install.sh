#!/bin/sh
# Installs what McpInspectorIT runs: the MCP Inspector, playwright-core (it drives Debian's Chromium;
# no browser is downloaded) and Node 22 (the npm package `node`: the Inspector needs Node 22.19 or
# newer, the rest of the build stays on the system's Node 20). Maven runs it before the integration
# tests; npm ci runs only when package-lock.json changed since the last install.
set -eu
cd "$(dirname "$0")"
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.tokenbroker-lock 2>/dev/null || true)" != "$lock" ]; then
  npm ci --prefer-offline --no-audit --no-fund --loglevel=error
  echo "$lock" > node_modules/.tokenbroker-lock
fi
