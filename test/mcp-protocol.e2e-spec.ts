import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { callOk, callTool, connectMcp, INITIALIZE, modernRequest, rawPost, type McpRevision } from './support/mcp-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Stateless (the default): both generations on one endpoint, through the official v2 client.
let testApp: TestApp;
let account: SignedUpAccount;
let auth: Record<string, string>;

beforeAll(async () => {
  testApp = await startTestApp();
  account = await signUp(testApp.baseUrl);
  auth = { authorization: `Bearer ${account.accessToken}` };
}, 60_000);
afterAll(() => testApp?.close());

describe.each<McpRevision>(['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26'])('revision %s', (revision) => {
  test('negotiates the revision, lists the tools and calls one as the token\'s user', async () => {
    const mcp = await connectMcp(testApp.baseUrl, { token: account.accessToken, revision });
    try {
      expect(mcp.client.getNegotiatedProtocolVersion?.() ?? mcp.transport.protocolVersion).toBe(revision);
      expect(mcp.transport.sessionId).toBeUndefined();
      const tools = (await mcp.client.listTools()).tools.map((tool) => tool.name);
      expect(tools).toEqual(expect.arrayContaining(['contact_list', 'contact_create', 'pipeline_list']));
      expect(tools).not.toContain('auth_sign_in');
      const created = await callOk<{ createdById: string }>(mcp.client, 'contact_create', { firstName: `Rev ${revision}` });
      expect(created.createdById).toBe(account.userId);
    } finally {
      await mcp.close();
    }
  });

  test('an unknown tool is a JSON-RPC error -32602', async () => {
    const mcp = await connectMcp(testApp.baseUrl, { token: account.accessToken, revision });
    try {
      const error = await mcp.client.callTool({ name: 'contact_explode', arguments: {} }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).code).toBe(ProtocolErrorCode.InvalidParams);
    } finally {
      await mcp.close();
    }
  });
});

test('a legacy client and a modern client connected at the same moment both work', async () => {
  const [modern, legacy] = await Promise.all([
    connectMcp(testApp.baseUrl, { token: account.accessToken, revision: '2026-07-28' }),
    connectMcp(testApp.baseUrl, { token: account.accessToken, revision: '2025-06-18' }),
  ]);
  try {
    const rounds = await Promise.all(
      Array.from({ length: 6 }, (_, n) => callOk<{ firstName: string }>(n % 2 ? legacy.client : modern.client, 'contact_create', { firstName: `Both ${n}` })),
    );
    expect(rounds.map((contact) => contact.firstName)).toEqual(Array.from({ length: 6 }, (_, n) => `Both ${n}`));
  } finally {
    await Promise.all([modern.close(), legacy.close()]);
  }
});

describe('2026-07-28 on the wire', () => {
  test('server/discover answers without initialize, and lists carry ttlMs and cacheScope', async () => {
    const discover = modernRequest(1, 'server/discover');
    const discovered = await rawPost(testApp.baseUrl, discover.body, { ...auth, ...discover.headers });
    expect(discovered.status).toBe(200);
    const { result } = (await discovered.json()) as { result: { supportedVersions: string[]; capabilities: Record<string, unknown> } };
    expect(result.supportedVersions).toContain('2026-07-28');
    expect(result.capabilities).toHaveProperty('tools');

    const list = modernRequest(2, 'tools/list');
    const listed = (await (await rawPost(testApp.baseUrl, list.body, { ...auth, ...list.headers })).json()) as { result: Record<string, unknown> };
    expect(listed.result).toMatchObject({ ttlMs: expect.any(Number), cacheScope: 'private' });
  });

  test('the Mcp-Method and Mcp-Name headers must match the body', async () => {
    const call = modernRequest(3, 'tools/call', { name: 'contact_list', arguments: {} });
    const mismatched = await rawPost(testApp.baseUrl, call.body, { ...auth, ...call.headers, 'mcp-name': 'deal_list' });
    expect(mismatched.status).toBe(400);
    const { 'mcp-method': _method, ...withoutMethod } = call.headers;
    expect((await rawPost(testApp.baseUrl, call.body, { ...auth, ...withoutMethod })).status).toBe(400);
    expect((await rawPost(testApp.baseUrl, call.body, { ...auth, ...call.headers })).status).toBe(200);
  });
});

describe('refusals', () => {
  test('a batch is refused', async () => {
    const response = await rawPost(testApp.baseUrl, JSON.stringify([INITIALIZE, { jsonrpc: '2.0', method: 'notifications/initialized' }]), auth);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32600);
  });

  test('malformed JSON-RPC gets the spec codes', async () => {
    const unparsable = await rawPost(testApp.baseUrl, '{"jsonrpc": "2.0", ', auth);
    expect(((await unparsable.json()) as { error: { code: number } }).error.code).toBe(-32700);
    for (const body of ['{"id": 1, "method": "ping"}', '{"jsonrpc": "2.0", "id": 1, "method": 5}', '{"jsonrpc": "2.0", "id": 1}']) {
      const invalid = await rawPost(testApp.baseUrl, body, auth);
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: { code: number } }).error.code).toBe(-32600);
    }
    const notJson = await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE), { ...auth, 'content-type': 'text/plain' });
    expect(notJson.status).toBe(415);
    expect(((await notJson.json()) as { error: { code: number } }).error.code).toBe(-32000);
  });

  test('a method the endpoint lacks gets 405 with Allow', async () => {
    const response = await fetch(`${testApp.baseUrl}/api/mcp`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST, DELETE');
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32000);
  });

  test('a body over the limit is refused', async () => {
    const huge = JSON.stringify({ ...INITIALIZE, params: { ...INITIALIZE.params, padding: 'x'.repeat(2 * 1024 * 1024) } });
    expect((await rawPost(testApp.baseUrl, huge, auth)).status).toBe(413);
  });

  test('a foreign Origin or Host gets 403; loopback origins are fine', async () => {
    expect((await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE), { ...auth, origin: 'https://evil.example' })).status).toBe(403);
    expect((await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE), { ...auth, origin: 'http://localhost:5173' })).status).toBe(200);
    const port = new URL(testApp.baseUrl).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      // fetch will not let us set Host; a raw request will.
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/mcp', method: 'POST', headers: {
          host: `evil.example:${port}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...auth,
        } }, (res) => { res.resume(); resolve(res.statusCode!); });
        req.on('error', reject);
        req.end(JSON.stringify(INITIALIZE));
      }, reject);
    });
    expect(rebound).toBe(403);
  });

  test('stateless: GET and DELETE answer 405 to an authenticated caller', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${testApp.baseUrl}/api/mcp`, { method, headers: { accept: 'text/event-stream', ...auth } });
      expect(response.status).toBe(405);
    }
  });

  test('tool failures are results the model can read', async () => {
    const mcp = await connectMcp(testApp.baseUrl, { token: account.accessToken });
    try {
      const result = await callTool(mcp.client, 'contact_list', { limit: 'many' });
      expect(result.isError).toBe(true);
    } finally {
      await mcp.close();
    }
  });
});
