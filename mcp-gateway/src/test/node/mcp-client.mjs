// The TypeScript MCP SDK's own client, with its own OAuth support, against the reference gateway:
// it finds the realm through the gateway's 401 and RFC 9728 metadata, registers dynamically (unless
// given a pre-registered client id), and sends the user to the authorization URL it built (PKCE S256,
// RFC 8707 resource, the scope the gateway named). The "user" is this script: it fills in Keycloak's
// login form over plain HTTP with a cookie jar, as a browser would, and hands the code back to the SDK.
//
// usage: node mcp-client.mjs <mcp url> <username> <password> <calls as JSON: [{"name":…,"arguments":{…}}]> [client id]
// prints one JSON object: client id, what the authorization request asked for, the token's claims
// (decoded, not the token), the tool names, and each call's result.
import process from "node:process";
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const REDIRECT = 'http://127.0.0.1:53682/callback';
const [mcpUrl, username, password, callsJson, staticClientId] = process.argv.slice(2);

class ScriptedUser {
  constructor(clientId) {
    this.information = clientId ? { client_id: clientId } : undefined;
    this.registered = false;
  }
  get redirectUrl() { return REDIRECT; }
  get clientMetadata() {
    return {
      client_name: 'Token Broker IT (TypeScript MCP SDK)',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: 'mcp:tools',
    };
  }
  clientInformation() { return this.information; }
  // Also called to stamp a pre-registered id with the issuer: only a new client_id means a registration.
  saveClientInformation(information) {
    this.registered = this.registered || information.client_id !== this.information?.client_id;
    this.information = information;
  }
  tokens() { return this.saved; }
  saveTokens(tokens) { this.saved = tokens; }
  redirectToAuthorization(url) { this.authorizationUrl = url; }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
}

class CookieJar {
  constructor() { this.cookies = new Map(); }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  keep(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }
  async fetch(url, init = {}) {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers || {}), Cookie: this.header() } });
    this.keep(response);
    return response;
  }
}

async function signIn(authorizationUrl) {
  const browser = new CookieJar();
  const page = await browser.fetch(authorizationUrl);
  const html = await page.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html);
  if (page.status !== 200 || !action) {
    throw new Error(`no login form at the authorization URL (HTTP ${page.status}, Location ${page.headers.get('location')})`);
  }
  const submitted = await browser.fetch(action[1].replaceAll('&amp;', '&'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, credentialId: '' }),
  });
  const location = submitted.headers.get('location');
  if (submitted.status !== 302 || !location || !location.startsWith(REDIRECT)) {
    throw new Error(`the login did not redirect back to the client (HTTP ${submitted.status}); a consent screen?`);
  }
  const back = new URL(location);
  if (back.searchParams.get('state') !== authorizationUrl.searchParams.get('state')) {
    throw new Error('state not returned unchanged');
  }
  return back.searchParams.get('code');
}

function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

async function connect(user) {
  const client = new Client({ name: 'tokenbroker-it-typescript', version: '1.0.0' });
  const connected = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: user });
  await client.connect(connected);
  return { client, connected };
}

const user = new ScriptedUser(staticClientId);
const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: user });
try {
  await new Client({ name: 'tokenbroker-it-typescript', version: '1.0.0' }).connect(transport);
  throw new Error('the gateway let an unauthenticated client in');
} catch (e) {
  if (!(e instanceof UnauthorizedError)) {
    throw e;
  }
}
const asked = user.authorizationUrl;
await transport.finishAuth(await signIn(asked));
const { client, connected } = await connect(user);
const tools = (await client.listTools()).tools.map(t => t.name);
const calls = {};
for (const call of JSON.parse(callsJson)) {
  const result = await client.callTool({ name: call.name, arguments: call.arguments || {} });
  calls[call.name] = {
    isError: result.isError === true,
    text: result.content.filter(c => c.type === 'text').map(c => c.text).join(''),
    structured: result.structuredContent ?? null,
  };
}
await client.close();
const claims = claimsOf(user.tokens().access_token);
console.log(JSON.stringify({
  client_id: user.clientInformation().client_id,
  registered: user.registered,
  authorization_request: {
    scope: asked.searchParams.get('scope'),
    resource: asked.searchParams.get('resource'),
    code_challenge_method: asked.searchParams.get('code_challenge_method'),
  },
  token: { aud: claims.aud, azp: claims.azp, scope: claims.scope, preferred_username: claims.preferred_username },
  protocol_version: connected.protocolVersion ?? null,
  server: client.getServerVersion()?.name ?? null,
  tools,
  calls,
}));
