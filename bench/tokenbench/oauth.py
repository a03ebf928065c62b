"""HTTP calls to Keycloak outside the load runs: subject tokens, one token exchange, direct grants."""

import base64
import concurrent.futures
import http.client
import json
import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request

from .project import REALM, ROOT
from .scenarios import ACCESS_TOKEN_TYPE, DIRECT_CLIENT, SUBJECT_CLIENT, SUBJECT_PASSWORD, SUBJECT_USER, \
    TOKEN_EXCHANGE


def http_call(method, url, json_body=None, form=None, headers=None, timeout=60):
    """(status, JSON body or raw bytes or error text, headers); HTTP errors are answers, not exceptions."""
    h = dict(headers or {})
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        h["Content-Type"] = "application/x-www-form-urlencoded"
    elif json_body is not None:
        data = json.dumps(json_body).encode()
        h["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=h, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read()
            return resp.status, (json.loads(text) if text and text[:1] in (b"{", b"[") else text), resp.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace"), e.headers


def basic_auth(client):
    client_id, secret = client
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def token_url(base):
    return f"{base}/realms/{REALM}/protocol/openid-connect/token"


def subject_token(base):
    """alice's claude-desktop access token, through authorization code + PKCE as an MCP client gets it."""
    out = subprocess.run([os.path.join(ROOT, "scripts", "pkce-login.sh"), SUBJECT_CLIENT, SUBJECT_USER,
                          SUBJECT_PASSWORD, base], capture_output=True, text=True, timeout=60)
    token = out.stdout.strip()
    if out.returncode != 0 or not token:
        raise RuntimeError(f"pkce-login against {base} failed: {out.stderr.strip()}")
    return token


def exchange(base, client, audience, token):
    """One token exchange: (status, body)."""
    status, body, _ = http_call("POST", token_url(base), form=dict(
        grant_type=TOKEN_EXCHANGE, subject_token=token, subject_token_type=ACCESS_TOKEN_TYPE, audience=audience),
        headers={"Authorization": basic_auth(client)})
    return status, body


def claims(jwt):
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def direct_grant_tokens(port, usernames_and_passwords, workers=8):
    """Access tokens by direct grant on the benchmark's public client, `workers` connections in
    parallel, in the order given."""
    items = list(enumerate(usernames_and_passwords))
    chunks = [items[i::workers] for i in range(workers)]

    def work(chunk):
        conn = http.client.HTTPConnection("localhost", port, timeout=60)
        out = []
        for index, (username, password) in chunk:
            body = urllib.parse.urlencode(dict(grant_type="password", client_id=DIRECT_CLIENT, username=username,
                                               password=password, scope="openid email"))
            for attempt in range(3):
                try:
                    conn.request("POST", f"/realms/{REALM}/protocol/openid-connect/token", body,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
                    resp = conn.getresponse()
                    data = resp.read()
                    break
                except (OSError, http.client.HTTPException):
                    # a keep-alive connection the server closed: reconnect and send again
                    conn.close()
                    conn = http.client.HTTPConnection("localhost", port, timeout=60)
            if resp.status != 200:
                raise RuntimeError(f"direct grant for {username}: HTTP {resp.status} {data[:200]}")
            out.append((index, json.loads(data)["access_token"]))
        conn.close()
        return out

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        results = [pair for part in pool.map(work, chunks) for pair in part]
    return [token for _, token in sorted(results)]
