// Test harness only: lets the MCP conformance tool, which connects without authorization, reach the
// gateway as a signed-in user. It forwards every request to the gateway with
// `Authorization: Bearer <token from --token-file>` added. It is never part of the gateway: the
// gateway still validates that token like any other (signature, iss, aud, exp, scope).
//
// Host and Origin: a request addressed to this proxy on a loopback name (localhost, 127.0.0.1, [::1])
// is forwarded as addressed to the same loopback name at the gateway's port, which is exactly what the
// tool would send if it connected to the gateway directly. Any other Host or Origin (the tool's DNS
// rebinding check sends evil.example.com) is forwarded untouched, so the gateway's own checks decide.
//
//   node authorizing-proxy.mjs --port 18496 --target-port 18495 --token-file /path/to/token
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'target-port': { type: 'string' },
    'token-file': { type: 'string' },
  },
});
const port = Number(args.port);
const targetPort = Number(args['target-port']);
if (!port || !targetPort || !args['token-file']) {
  console.error('usage: authorizing-proxy.mjs --port P --target-port M --token-file FILE');
  process.exit(2);
}
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `localhost:P` → `localhost:M`; anything that is not loopback at this proxy's port stays as it is. */
function retarget(authority) {
  const match = /^(.*):(\d+)$/.exec(authority ?? '');
  if (!match || !LOOPBACK.has(match[1].toLowerCase()) || Number(match[2]) !== port) {
    return authority;
  }
  return `${match[1]}:${targetPort}`;
}

function retargetOrigin(origin) {
  const match = /^http:\/\/(.*)$/i.exec(origin ?? '');
  return match ? `http://${retarget(match[1])}` : origin;
}

function forward(request, response) {
  // Read per request: the harness may put a fresh token in the file between scenarios.
  const token = readFileSync(args['token-file'], 'utf8').trim();
  const headers = { ...request.headers, host: retarget(request.headers.host), authorization: `Bearer ${token}` };
  if (headers.origin !== undefined) {
    headers.origin = retargetOrigin(headers.origin);
  }
  const upstream = http.request(
    { host: '127.0.0.1', port: targetPort, method: request.method, path: request.url, headers },
    (answer) => {
      response.writeHead(answer.statusCode, answer.rawHeaders);
      // SSE: pass each chunk on as it comes, so streamed responses are not held back.
      response.flushHeaders();
      answer.pipe(response);
    },
  );
  upstream.on('error', (error) => {
    if (!response.headersSent) {
      response.writeHead(502, { 'content-type': 'text/plain' });
    }
    response.end(`authorizing proxy: gateway unreachable (${error.code ?? error.message})`);
  });
  request.on('aborted', () => upstream.destroy());
  response.on('close', () => upstream.destroy());
  request.pipe(upstream);
}

// Both loopback families: `localhost` may resolve to ::1 first.
for (const host of ['127.0.0.1', '::1']) {
  http.createServer(forward)
    .on('error', (error) => console.error(`authorizing proxy: not listening on ${host} (${error.code})`))
    .listen(port, host, () => console.log(`authorizing proxy on ${host}:${port} -> 127.0.0.1:${targetPort}`));
}
