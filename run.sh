#!/usr/bin/env bash
# Runs Keycloak Token Broker locally: builds the providers, fetches and unpacks Keycloak (cached),
# installs the providers, imports realm-exports/, starts the upstream emulators and Keycloak on the
# embedded dev database. Ctrl-C stops everything.
#
#   ./run.sh                 Keycloak on http://localhost:8080, emulators on :8090
#   ./run.sh --port 8180     another Keycloak port (also KC_PORT=8180)
#   ./run.sh --fresh         forget the dev database (realms are re-imported)
#   ./run.sh --skip-build    reuse the last build
#   ./run.sh --emulator-port 8190   emulators elsewhere (also EMULATOR_PORT; the realm follows on import)
#   ./run.sh --mcp-port 8195  the MCP gateway elsewhere (also MCP_PORT; the realm follows on import)
set -euo pipefail
cd "$(dirname "$0")"

port="${KC_PORT:-8080}"
emulator_port="${EMULATOR_PORT:-8090}"
mcp_port="${MCP_PORT:-8095}"
fresh=false
build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --emulator-port) emulator_port="$2"; shift 2 ;;
    --mcp-port) mcp_port="$2"; shift 2 ;;
    --fresh) fresh=true; shift ;;
    --skip-build) build=false; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

kc_version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -1)
dist=".cache/keycloak-${kc_version}/keycloak-${kc_version}"
home=".cache/run/keycloak-${kc_version}"

if $build; then
  echo "==> Building providers, emulators and the MCP gateway (tests skipped; ./mvnw verify runs them)"
  # pre-integration-test unpacks the Keycloak distribution into .cache/ once and gathers the provider jars
  ./mvnw -B -q -DskipTests verify
fi
[ -x "$dist/bin/kc.sh" ] || { echo "no Keycloak distribution at $dist; run without --skip-build" >&2; exit 1; }

# A server home of our own: bin/conf/Quarkus build output copied (the build step rewrites them),
# the library jars linked from the cached distribution.
if [ ! -d "$home/lib/quarkus" ]; then
  mkdir -p "$home/lib"
  cp -R "$dist/bin" "$dist/conf" "$dist/themes" "$home/"
  cp -R "$dist/lib/app" "$dist/lib/quarkus" "$dist/lib/quarkus-run.jar" "$home/lib/"
  ln -s "$(cd "$dist/lib/lib" && pwd)" "$home/lib/lib"
fi
$fresh && rm -rf "$home/data"
mkdir -p "$home/providers" "$home/data/import"
# Only copy jars that changed, so an unchanged build does not trigger Keycloak's rebuild step.
for jar in integration-tests/target/providers/*.jar; do
  cmp -s "$jar" "$home/providers/$(basename "$jar")" || cp "$jar" "$home/providers/"
done
# The demo realm's upstreams point at the emulators on 8090 and its MCP scope at the gateway on 8095;
# follow --emulator-port and --mcp-port (applies when the realm is imported, i.e. on a fresh dev
# database: combine with --fresh to change it later).
for realm in realm-exports/*.json; do
  sed -e "s#http://127.0.0.1:8090/#http://127.0.0.1:${emulator_port}/#g" \
      -e "s#http://localhost:8080/realms/corporate/#http://localhost:${port}/realms/corporate/#g" \
      -e "s#http://localhost:8095/mcp#http://localhost:${mcp_port}/mcp#g" \
      "$realm" > "$home/data/import/$(basename "$realm")"
done

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "==> Stopping"
  for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

emulator_jar="emulators/target/tokenbroker-emulators.jar"
if [ -f "$emulator_jar" ]; then
  echo "==> Starting upstream emulators on http://127.0.0.1:${emulator_port}"
  # They trust the acme realm (federated exchange) and the corporate realm (brokered exchange forwards
  # the corporate tokens the acme realm stored).
  java -Dsun.net.httpserver.nodelay=true -jar "$emulator_jar" --port "$emulator_port" --issuer "http://localhost:${port}/realms/acme" \
    --corporate-issuer "http://localhost:${port}/realms/corporate" > .cache/run/emulators.log 2>&1 &
  pids+=($!)
fi

gateway_jar="mcp-gateway/target/tokenbroker-mcp-gateway.jar"
if [ -f "$gateway_jar" ]; then
  echo "==> Starting the MCP gateway on http://localhost:${mcp_port}/mcp (log: .cache/run/mcp-gateway.log)"
  # The demo secret of the realm's mcp-gateway client; the gateway reads it from the environment only.
  MCP_GATEWAY_CLIENT_SECRET="${MCP_GATEWAY_CLIENT_SECRET:-demo-mcp-gateway-secret}" \
    java -jar "$gateway_jar" --port "$mcp_port" --issuer "http://localhost:${port}/realms/acme" \
      --platforms "http://127.0.0.1:${emulator_port}" \
      --corporate-userinfo "http://localhost:${port}/realms/corporate/protocol/openid-connect/userinfo" \
      > .cache/run/mcp-gateway.log 2>&1 &
  pids+=($!)
fi

echo "==> Starting Keycloak ${kc_version} on http://localhost:${port} (log: .cache/run/keycloak.log)"
KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
  "$home/bin/kc.sh" start-dev --http-port="$port" --http-management-port="$((port + 1000))" \
    --health-enabled=true --metrics-enabled=true --db=dev-file --import-realm > .cache/run/keycloak.log 2>&1 &
pids+=($!)

for _ in $(seq 1 180); do
  if curl -fs "http://localhost:$((port + 1000))/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "Keycloak exited; see .cache/run/keycloak.log" >&2; tail -30 .cache/run/keycloak.log >&2; exit 1; fi
  sleep 1
done

# The console at /admin is the master realm's and uses the master realm's admin theme: select ours
# (the stock console plus the Token Broker section) unless another admin theme was chosen there.
admin_token=$(curl -fs "http://localhost:${port}/realms/master/protocol/openid-connect/token" -d grant_type=password \
  -d client_id=admin-cli -d "username=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" -d "password=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])' 2>/dev/null || true)
if [ -n "$admin_token" ]; then
  master_theme=$(curl -fs -H "Authorization: Bearer $admin_token" "http://localhost:${port}/admin/realms/master" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin).get("adminTheme") or "")' 2>/dev/null || echo unknown)
  if [ -z "$master_theme" ]; then
    curl -fs -X PUT -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
      -d '{"adminTheme":"tokenbroker"}' "http://localhost:${port}/admin/realms/master" \
      && echo "==> Admin console theme of the master realm: tokenbroker (the Token Broker section)"
  fi
fi

cat <<TXT

Keycloak Token Broker is running.
  Admin console:   http://localhost:${port}/admin   (admin / admin, demo only; Token Broker section:
                   http://localhost:${port}/admin/master/console/#/acme/token-broker/upstreams)
  Demo realm:      http://localhost:${port}/realms/acme
  Users:           alice / alice (analyst), bob / bob   (demo passwords)
  Emulators:       http://127.0.0.1:${emulator_port}   (Databricks, AWS STS, GCP STS, Snowflake)
  MCP gateway:     http://localhost:${mcp_port}/mcp   (Streamable HTTP; OAuth at the acme realm; README "MCP gateway")

Try it (in another terminal):
  ALICE=\$(scripts/pkce-login.sh claude-desktop alice alice http://localhost:${port})
  curl -s -u mcp-gateway:demo-mcp-gateway-secret http://localhost:${port}/realms/acme/protocol/openid-connect/token \\
    -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange \\
    -d subject_token="\$ALICE" -d subject_token_type=urn:ietf:params:oauth:token-type:access_token \\
    -d audience=analytics-mcp | scripts/jwt-claims.sh
  # onward to a data platform, as alice: audience=databricks | snowflake | aws | gcp | partner
  curl -s -u mcp-gateway:demo-mcp-gateway-secret http://localhost:${port}/realms/acme/protocol/openid-connect/token \\
    -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange \\
    -d subject_token="\$ALICE" -d subject_token_type=urn:ietf:params:oauth:token-type:access_token \\
    -d audience=databricks

Ctrl-C stops everything.
TXT
wait "${pids[-1]}"
