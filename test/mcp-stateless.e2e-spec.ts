import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ContactsService } from '../server/src/contacts/contacts.service.js';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { callOk, connectMcp, INITIALIZE, modernRequest, newClient, rawPost, type McpRevision } from './support/mcp-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Stateless (the default): no session to expire, and no client can touch another's request.
let testApp: TestApp;
let account: SignedUpAccount;

beforeAll(async () => {
  // The old idle timeout, made short: in stateless mode there is nothing for it to expire.
  testApp = await startTestApp({ MCP_SESSION_IDLE_SECONDS: '1' });
  account = await signUp(testApp.baseUrl);
}, 60_000);
afterAll(() => testApp?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.each<McpRevision>(['2026-07-28', '2025-06-18'])('%s: an idle client still works after the idle timeout', async (revision) => {
  const mcp = await connectMcp(testApp.baseUrl, { token: account.accessToken, revision });
  try {
    await callOk(mcp.client, 'contact_list');
    await sleep(2_500);
    expect((await callOk(mcp.client, 'contact_list')).items).toEqual(expect.any(Array));
  } finally {
    await mcp.close();
  }
});

test("another caller's cancellations never reach this caller's requests (issue 9)", async () => {
  const intruder = await signUp(testApp.baseUrl);
  // Keeps every victim call in flight long enough for the cancellations to arrive meanwhile.
  const contacts = testApp.app.get(ContactsService);
  const list = contacts.list.bind(contacts);
  contacts.list = async (...args) => { await sleep(400); return list(...args); };
  const victim = { authorization: `Bearer ${account.accessToken}`, 'mcp-protocol-version': '2025-06-18' };
  const attacker = { authorization: `Bearer ${intruder.accessToken}`, 'mcp-protocol-version': '2025-06-18' };
  // The old shared server numbered requests direct-1, direct-2, ... whoever sent them; ids the
  // victim chose are guessable too. Cancel all of them, legacy and 2026-07-28 style, while
  // the victim's calls (plain, with progress `_meta`, and tools/list) are in flight.
  const ids = Array.from({ length: 40 }, (_, n) => n + 1);
  const cancellations = ids.flatMap((n) => [`direct-${n}`, n, `victim-${n}`]).map((requestId) => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: 'not yours' } });
    return () => rawPost(testApp.baseUrl, body, attacker);
  });
  const calls = ids.map((n) => {
    const params = n % 3 === 0 ? {} : { name: 'contact_list', arguments: { limit: 5 }, ...(n % 3 === 1 ? { _meta: { progressToken: n } } : {}) };
    const body = JSON.stringify({ jsonrpc: '2.0', id: n % 2 ? n : `victim-${n}`, method: n % 3 === 0 ? 'tools/list' : 'tools/call', params });
    return () => rawPost(testApp.baseUrl, body, victim);
  });
  const modernCalls = ids.slice(0, 10).map((n) => {
    const call = modernRequest(n, 'tools/call', { name: 'contact_list', arguments: {} });
    return () => rawPost(testApp.baseUrl, call.body, { ...call.headers, authorization: victim.authorization });
  });
  // The victim's calls first, then bursts of cancellations for as long as any of them is in flight.
  let settled = false;
  const pending = Promise.all([...calls, ...modernCalls].map((send) => withTimeout(send(), 20_000))).finally(() => { settled = true; });
  pending.catch(() => undefined);
  for (let burst = 0; !settled && burst < 30; burst++) {
    const refused = await Promise.all(cancellations.map((send) => send()));
    expect(new Set(refused.map((response) => response.status))).toEqual(new Set([202]));
  }
  const answers = await pending.finally(() => { contacts.list = list; });
  const results = answers.filter((response) => response.status !== 202);
  expect(results).toHaveLength(calls.length + modernCalls.length);
  for (const response of results) {
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result?: unknown; error?: unknown };
    expect(body.error).toBeUndefined();
    expect(body.result).toBeDefined();
  }
});

test('a cancellation without a credential is refused, like everything else', async () => {
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'direct-1' } });
  expect((await rawPost(testApp.baseUrl, body)).status).toBe(401);
  expect((await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE))).status).toBe(401);
});

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); }),
  ]);
}

// Two instances need one database; PGlite is single-process by design, so PostgreSQL only.
const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres('two instances behind a non-sticky client', () => {
  let second: TestApp;
  beforeAll(async () => {
    // The same database as the first app: startTestApp put its URL into process.env.
    second = await startTestApp({ DATABASE_URL: process.env.DATABASE_URL! }, { shareDatabase: true });
  }, 60_000);
  afterAll(() => second?.close());

  test.each<McpRevision>(['2026-07-28', '2025-06-18'])('%s: every request goes to the other instance, and all of them work', async (revision) => {
    const instances = [testApp.baseUrl, second.baseUrl];
    const served: string[] = [];
    let turn = 0;
    // A load balancer without stickiness: each HTTP request to the next instance in turn.
    const alternating = (url: string | URL, init?: RequestInit) => {
      const target = instances[turn++ % 2]!;
      served.push(target);
      return fetch(String(url).replace(testApp.baseUrl, target), init);
    };
    const transport = new StreamableHTTPClientTransport(new URL(`${testApp.baseUrl}/api/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${account.accessToken}` } },
      fetch: alternating,
    });
    const client: Client = newClient(revision);
    await client.connect(transport);
    try {
      const created = await callOk<{ id: string }>(client, 'contact_create', { firstName: `Balanced ${revision}` });
      for (let n = 0; n < 4; n++) expect((await callOk(client, 'fetch', { id: created.id, kind: 'contact' })).record.id).toBe(created.id);
      expect(new Set(served)).toEqual(new Set(instances));
    } finally {
      await client.close();
    }
  });
});
