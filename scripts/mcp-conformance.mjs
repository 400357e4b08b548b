// Runs the official MCP conformance suite against a running Synapse server, through a
// loopback proxy that adds a bearer token: the runner sends no credentials, and the
// product has no auth-off mode. Test tooling only.
//
//   node scripts/mcp-conformance.mjs [--target http://localhost:3001] [scenario ...]
//
// The token is MCP_TOKEN, or a throwaway account's (signed up through the API).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';

const DEFAULT_SCENARIOS = [
  'server-initialize', 'server-session-lifecycle', 'server-stateless', 'ping', 'logging-set-level', 'tools-list',
  'server-sse-multiple-streams', 'dns-rebinding-protection', 'caching', 'http-header-validation',
  'http-custom-header-server-validation', 'resources-list', 'prompts-list', 'sep-2164-resource-not-found', 'completion-complete',
];
const CONFORMANCE = ['-y', '-p', 'node@22', '-p', '@modelcontextprotocol/conformance@0.2.0-alpha.12', 'conformance'];

const args = process.argv.slice(2);
const targetIndex = args.indexOf('--target');
const target = new URL(targetIndex >= 0 ? args.splice(targetIndex, 2)[1] : 'http://localhost:3001');
const scenarios = args.length ? args : DEFAULT_SCENARIOS;

async function tokenFor(base) {
  if (process.env.MCP_TOKEN) return process.env.MCP_TOKEN;
  const email = `conformance-${randomBytes(6).toString('hex')}@example.test`;
  const password = randomBytes(18).toString('base64url');
  const post = (path, body) => fetch(new URL(path, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // Sign-up answers 202 alike for new and taken emails (ADR 0036); the token comes from sign-in.
  const signedUp = await post('/api/auth/sign-up', { email, password, name: 'Conformance', company: 'Conformance' });
  if (signedUp.status !== 202) throw new Error(`sign-up answered ${signedUp.status}: ${await signedUp.text()}`);
  const session = await post('/api/auth/sign-in', { email, password });
  if (!session.ok) throw new Error(`sign-in answered ${session.status}: ${await session.text()}`);
  return (await session.json()).accessToken;
}

/** Forwards everything to the target with the bearer header; a foreign Host is passed through (DNS-rebinding checks). */
function startProxy(token) {
  const server = http.createServer((req, res) => {
    const own = req.headers.host === `localhost:${server.address().port}` || req.headers.host === `127.0.0.1:${server.address().port}`;
    const headers = { ...req.headers, authorization: `Bearer ${token}`, host: own ? target.host : req.headers.host };
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.on('aborted', () => upstream.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function run(scenario, url) {
  return new Promise((resolve) => {
    const child = spawn('npx', [...CONFORMANCE, 'server', '--url', url, '--scenario', scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { if (!String(chunk).includes('EBADENGINE')) output += chunk; });
    child.on('close', (code) => resolve({ scenario, code, output }));
  });
}

const proxy = await startProxy(await tokenFor(target));
const url = `http://localhost:${proxy.address().port}/api/mcp`;
const results = [];
for (const scenario of scenarios) {
  const result = await run(scenario, url);
  results.push(result);
  process.stdout.write(`\n===== ${scenario}: ${result.code === 0 ? 'PASS' : `FAIL (exit ${result.code})`}\n${result.output}`);
}
proxy.close();
const failed = results.filter((result) => result.code !== 0);
console.log(`\n${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
