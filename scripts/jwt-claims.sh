#!/usr/bin/env bash
# Prints the claims of a JWT, or of the access_token in a token response, read from stdin or $1.
# Decodes only; it does not verify the signature.
set -euo pipefail
input="${1:-$(cat)}"
token=$(printf '%s' "$input" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || token="$input"
if [ "$token" = "$input" ] && printf '%s' "$input" | grep -q '"error"'; then printf '%s\n' "$input"; exit 1; fi
payload=$(printf '%s' "$token" | cut -d. -f2 | tr '_-' '/+')
while [ $(( ${#payload} % 4 )) -ne 0 ]; do payload="$payload="; done
printf '%s' "$payload" | base64 -d | python3 -m json.tool
