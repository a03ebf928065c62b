#!/usr/bin/env bash
# Runs the MCP conformance tool (@modelcontextprotocol/conformance, server mode) against the real
# gateway started by ./run.sh, and writes mcp-gateway/conformance/RESULTS.md. Not part of ./mvnw verify:
# the tool needs Node 22, which `npm ci` here installs from the npm package `node` (nothing system-wide).
#
#   mcp-gateway/conformance/run-conformance.sh               build, then run
#   mcp-gateway/conformance/run-conformance.sh --skip-build  reuse the last build
#
# It starts ./run.sh --fresh on free ports: that forgets the dev database in .cache/run (the realm is
# re-imported), so do not run it while your own ./run.sh is up in the same checkout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

build=true
case "${1:-}" in
  --skip-build) build=false ;;
  "") ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac

echo "==> Installing the conformance tool and Node 22 into mcp-gateway/conformance/node_modules (npm ci)"
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null
node="$here/node_modules/.bin/node"
tool="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"
node_version="$("$node" --version)"
case "$node_version" in v22.*) ;; *) echo "expected Node 22 from the npm package, got $node_version" >&2; exit 1 ;; esac
tool_version="$("$node" "$tool" --version)"

# Free loopback ports; Keycloak's management interface takes its port + 1000.
read -r kc_port emulator_port mcp_port proxy_port < <(python3 - <<'PY'
import random, socket
def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port)); return True
        except OSError:
            return False
picked, taken = [], set()
while len(picked) < 4:
    port = random.randint(20000, 29000)
    needs = [port, port + 1000] if not picked else [port]
    if not taken.intersection(needs) and all(free(p) for p in needs):
        picked.append(port)
        taken.update(needs)
print(*picked)
PY
)

work="$(mktemp -d)"
chmod 700 "$work"
run_pid=""; proxy_pid=""
cleanup() {
  [ -z "$proxy_pid" ] || kill "$proxy_pid" 2>/dev/null || true
  # run.sh stops Keycloak, the emulators and the gateway on TERM
  if [ -n "$run_pid" ]; then kill -TERM "$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if $build; then
  echo "==> Building (tests skipped)"
  ./mvnw -B -q -DskipTests verify
fi

echo "==> Starting ./run.sh: Keycloak :$kc_port, emulators :$emulator_port, gateway :$mcp_port"
./run.sh --port "$kc_port" --emulator-port "$emulator_port" --mcp-port "$mcp_port" --fresh --skip-build \
  > "$work/run.log" 2>&1 &
run_pid=$!
for _ in $(seq 1 300); do
  if curl -fs "http://localhost:$((kc_port + 1000))/health/ready" >/dev/null 2>&1 \
     && curl -fs "http://localhost:$mcp_port/.well-known/oauth-protected-resource/mcp" >/dev/null 2>&1; then
    break
  fi
  kill -0 "$run_pid" 2>/dev/null || { echo "run.sh exited:" >&2; tail -20 "$work/run.log" >&2; exit 1; }
  sleep 1
done
curl -fs "http://localhost:$((kc_port + 1000))/health/ready" >/dev/null || { echo "Keycloak not ready" >&2; exit 1; }

echo "==> Signing alice in (claude-desktop, scope mcp:tools) and starting the authorizing proxy on :$proxy_port"
( umask 077; SCOPE="openid mcp:tools" scripts/pkce-login.sh claude-desktop alice alice "http://localhost:$kc_port" > "$work/token" )
[ -s "$work/token" ] || { echo "no token for alice" >&2; exit 1; }
"$node" "$here/authorizing-proxy.mjs" --port "$proxy_port" --target-port "$mcp_port" --token-file "$work/token" \
  > "$work/proxy.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$proxy_port/" && break
  sleep 0.2
done

run_suite() { # label url dir
  echo "==> Conformance, $1: $2"
  # Exit status 1 means some check failed, which is expected (see RESULTS.md); the checks are the result.
  "$node" "$tool" server --url "$2" --suite all -o "$3" > "$3.log" 2>&1 || true
  sed 's/\x1b\[[0-9;]*m//g' "$3.log" | grep '^Total' || { echo "the tool did not finish:" >&2; tail -20 "$3.log" >&2; exit 1; }
}
run_suite "localhost" "http://localhost:$proxy_port/mcp" "$work/localhost"
run_suite "127.0.0.1" "http://127.0.0.1:$proxy_port/mcp" "$work/loopback-address"
run_suite "no token, no proxy" "http://localhost:$mcp_port/mcp" "$work/no-token"

# The token must not have reached any output the tool wrote.
if grep -rqF "$(cat "$work/token")" "$work/localhost" "$work/loopback-address" "$work/no-token"; then
  echo "the access token appears in the tool's output; not writing results" >&2; exit 1
fi

commit="$(git rev-parse --short HEAD)"
git diff --quiet HEAD -- mcp-gateway/src run.sh realm-exports || commit="$commit + uncommitted changes"
printf '{"date":"%s","toolVersion":"%s","nodeVersion":"%s","commit":"%s"}\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$tool_version" "$node_version" "$commit" > "$work/meta.json"
"$node" "$here/summarize.mjs" --out "$here/RESULTS.md" --meta "$work/meta.json" \
  --run "through the proxy, http://localhost:<port>/mcp=$work/localhost" \
  --run "through the proxy, http://127.0.0.1:<port>/mcp=$work/loopback-address" \
  --run "without a token=$work/no-token"
