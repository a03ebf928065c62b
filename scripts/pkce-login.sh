#!/usr/bin/env bash
# Signs a user in to the acme realm the way an MCP client does (authorization code + PKCE S256,
# loopback redirect) and prints the access token. Demo helper: it fills in the login form with curl.
#
#   scripts/pkce-login.sh <client_id> <username> <password> [keycloak_url] [realm] [identity_provider]
#   SCOPE="openid mcp:tools" scripts/pkce-login.sh …   another scope (default: openid profile email)
#
# With an identity provider alias (e.g. corporate), the user signs in there instead (kc_idp_hint):
# the redirects through the provider and the realm's first-broker-login flow are followed.
set -euo pipefail
client="$1"; user="$2"; password="$3"; base="${4:-http://localhost:8080}"; realm="${5:-acme}"; idp="${6:-}"
redirect="http://127.0.0.1:53682/callback"
oidc="$base/realms/$realm/protocol/openid-connect"
jar=$(mktemp); trap 'rm -f "$jar"' EXIT

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
verifier=$(head -c 32 /dev/urandom | b64url)
challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)
state=$(head -c 12 /dev/urandom | b64url)

hint=(); [ -z "$idp" ] || hint=(--data-urlencode "kc_idp_hint=$idp" -L)
page=$(curl -fsS -c "$jar" -b "$jar" -G "$oidc/auth" "${hint[@]}" \
  --data-urlencode response_type=code --data-urlencode "client_id=$client" \
  --data-urlencode "redirect_uri=$redirect" --data-urlencode "scope=${SCOPE:-openid profile email}" \
  --data-urlencode "state=$state" --data-urlencode "code_challenge=$challenge" \
  --data-urlencode code_challenge_method=S256)
action=$(printf '%s' "$page" | tr '\n' ' ' | sed -n 's/.*id="kc-form-login"[^>]*action="\([^"]*\)".*/\1/p' | sed 's/&amp;/\&/g')
[ -n "$action" ] || { echo "no login form (is $client a browser client of realm $realm?)" >&2; exit 1; }

location=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$action" \
  --data-urlencode "username=$user" --data-urlencode "password=$password")
# back through the realm's broker endpoint and first-broker-login flow, until the client's redirect
for _ in 1 2 3 4 5 6 7 8 9 10; do
  case "$location" in "$redirect"*|"") break ;; esac
  location=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$location")
done
code=$(printf '%s' "$location" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
[ -n "$code" ] || { echo "login failed for $user" >&2; exit 1; }

curl -fsS "$oidc/token" --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
  --data-urlencode "redirect_uri=$redirect" --data-urlencode "client_id=$client" \
  --data-urlencode "code_verifier=$verifier" \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
