import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { randomUUID } from 'node:crypto';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { callOk, newClient, rawPost, INITIALIZE } from './support/mcp-client.js';
import { patchContactOverRest, recordUpdates } from './support/resource-updates.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Legacy stateful sessions shared through Redis (ADR 0033): two instances on one database
// behind a client that sends each request to the other instance (no sticky routing).
// Needs TEST_REDIS_URL and PostgreSQL (two processes cannot share one embedded database).
const redisUrl = process.env.TEST_REDIS_URL;
const onRedisAndPostgres = redisUrl && process.env.TEST_DATABASE_URL ? describe : describe.skip;

onRedisAndPostgres('stateful sessions through Redis, behind a non-sticky balancer', () => {
  let first: TestApp;
  let second: TestApp;
  let alice: SignedUpAccount;

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `test-${randomUUID()}`, MCP_MODE: 'stateful' };
    first = await startTestApp(env);
    second = await startTestApp({ ...env, DATABASE_URL: process.env.DATABASE_URL! }, { shareDatabase: true });
    alice = await signUp(first.baseUrl);
  }, 180_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  /** A legacy client whose every HTTP request goes to the next instance in turn; it records which. */
  async function roundRobinClient(token: string) {
    const instances = [new URL(first.baseUrl), new URL(second.baseUrl)];
    const served: string[] = [];
    let turn = 0;
    const transport = new StreamableHTTPClientTransport(new URL(`${first.baseUrl}/api/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
      fetch: (url, init) => {
        const target = new URL(String(url));
        target.host = instances[turn++ % instances.length]!.host;
        served.push(`${init?.method ?? 'GET'} ${target.port}`);
        return fetch(target, init);
      },
    });
    const client = newClient('2025-11-25');
    await client.connect(transport);
    return { client, transport, served };
  }

  test('one session is served by both instances: tools, subscriptions and its end', async () => {
    const { client, transport, served } = await roundRobinClient(alice.accessToken);
    try {
      expect(transport.sessionId).toEqual(expect.any(String));
      for (let call = 0; call < 4; call++) {
        expect((await client.listTools()).tools.length).toBeGreaterThan(5);
      }
      const contact = await callOk<{ id: string }>(client, 'contact_create', { firstName: 'Roaming' });
      // Both instances answered requests of this one session.
      const ports = new Set(served.map((entry) => entry.split(' ')[1]));
      expect(ports).toEqual(new Set([new URL(first.baseUrl).port, new URL(second.baseUrl).port]));

      // Subscribed through whichever instance; the change is made on the first one.
      const uri = `crm://contacts/${contact.id}`;
      const updates = recordUpdates(client);
      await client.subscribeResource({ uri });
      await patchContactOverRest(first.baseUrl, alice.accessToken, contact.id, { company: 'Across instances' });
      await updates.next(uri);
      await patchContactOverRest(second.baseUrl, alice.accessToken, contact.id, { company: 'And back' });
      await updates.next(uri);

      // Ended through one instance, the session is gone on both.
      const sessionId = transport.sessionId!;
      await transport.terminateSession();
      for (const base of [first.baseUrl, second.baseUrl]) {
        const after = await rawPost(base, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }), {
          authorization: `Bearer ${alice.accessToken}`,
          'mcp-session-id': sessionId,
          'mcp-protocol-version': '2025-11-25',
        });
        expect(after.status).toBe(404);
      }
    } finally {
      await client.close();
    }
  });

  test('another user\'s credential on the other instance finds no session there either', async () => {
    const bob = await signUp(first.baseUrl);
    const opened = await rawPost(first.baseUrl, JSON.stringify(INITIALIZE), { authorization: `Bearer ${alice.accessToken}` });
    expect(opened.status).toBe(200);
    const sessionId = opened.headers.get('mcp-session-id')!;
    const asBob = await rawPost(second.baseUrl, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), {
      authorization: `Bearer ${bob.accessToken}`,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-11-25',
    });
    expect(asBob.status).toBe(404);
    const asAlice = await rawPost(second.baseUrl, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }), {
      authorization: `Bearer ${alice.accessToken}`,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-11-25',
    });
    expect(asAlice.status).toBe(200);
  });
});
