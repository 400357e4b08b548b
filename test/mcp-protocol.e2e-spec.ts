import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { callTool, connectMcp, INITIALIZE, rawPost, textOf } from './support/mcp-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
let account: SignedUpAccount;
let other: SignedUpAccount;

beforeAll(async () => {
  testApp = await startTestApp({ MCP_SESSION_IDLE_SECONDS: '2' });
  [account, other] = await Promise.all([signUp(testApp.baseUrl), signUp(testApp.baseUrl)]);
}, 60_000);
afterAll(() => testApp?.close());

async function initializeRaw(headers: Record<string, string> = {}): Promise<string> {
  const response = await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE), headers);
  expect(response.status).toBe(200);
  return response.headers.get('mcp-session-id')!;
}

function listTools(sessionId: string, headers: Record<string, string> = {}): Promise<Response> {
  return rawPost(testApp.baseUrl, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), {
    'mcp-session-id': sessionId,
    'mcp-protocol-version': '2025-06-18',
    ...headers,
  });
}

describe('identity', () => {
  test('a bearer header authenticates every call of the session', async () => {
    const mcp = await connectMcp(testApp.baseUrl, { token: account.accessToken });
    const created = await callTool(mcp.client, 'contact_create', { firstName: 'Header' });
    expect(created.isError).toBeFalsy();
    expect((created.structuredContent as { createdById: string }).createdById).toBe(account.userId);
    await mcp.close();
  });

  test('anonymous: tools/list works, CRM tools say how to authenticate', async () => {
    const mcp = await connectMcp(testApp.baseUrl);
    expect((await mcp.client.listTools()).tools.length).toBeGreaterThan(16);
    const result = await callTool(mcp.client, 'contact_list');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/auth_sign_in/);
    expect(textOf(result)).toMatch(/Authorization: Bearer/);
    await mcp.close();
  });

  test('auth_sign_in binds the identity to the stateful session', async () => {
    const mcp = await connectMcp(testApp.baseUrl);
    const signedIn = await callTool(mcp.client, 'auth_sign_in', { email: account.email, password: account.password });
    expect(signedIn.structuredContent).toMatchObject({ sessionSignedIn: true, user: { id: account.userId } });
    const list = await callTool(mcp.client, 'contact_list');
    expect(list.isError).toBeFalsy();
    // Only this session: a new one is anonymous again.
    const fresh = await connectMcp(testApp.baseUrl);
    expect((await callTool(fresh.client, 'contact_list')).isError).toBe(true);
    await Promise.all([mcp.close(), fresh.close()]);
  });

  test('a failed sign-in does not say whether the email exists', async () => {
    const mcp = await connectMcp(testApp.baseUrl);
    const wrongPassword = textOf(await callTool(mcp.client, 'auth_sign_in', { email: account.email, password: 'wrong password' }));
    const unknownEmail = textOf(await callTool(mcp.client, 'auth_sign_in', { email: 'nobody@example.test', password: 'wrong password' }));
    expect(wrongPassword).toBe(unknownEmail);
    await mcp.close();
  });

  test('a present but invalid token gets 401 with a Bearer challenge', async () => {
    for (const authorization of ['Bearer not-a-jwt', 'Basic abc']) {
      const response = await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE), { authorization });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    await expect(connectMcp(testApp.baseUrl, { token: 'not-a-jwt' })).rejects.toThrow();
  });

  test("another user's token cannot take over a session (403), and the session stays its owner's", async () => {
    const sessionId = await initializeRaw({ authorization: `Bearer ${account.accessToken}` });
    const hijack = await listTools(sessionId, { authorization: `Bearer ${other.accessToken}` });
    expect(hijack.status).toBe(403);
    const owner = await listTools(sessionId, { authorization: `Bearer ${account.accessToken}` });
    expect(owner.status).toBe(200);
  });

  test('auth_sign_in cannot switch a session to another user', async () => {
    const mcp = await connectMcp(testApp.baseUrl, { token: account.accessToken });
    const result = await callTool(mcp.client, 'auth_sign_in', { email: other.email, password: other.password });
    expect(result.structuredContent).toMatchObject({ sessionSignedIn: false });
    await mcp.close();
  });
});

describe('protocol', () => {
  test('a deleted session is refused with 404', async () => {
    const mcp = await connectMcp(testApp.baseUrl);
    const sessionId = mcp.transport.sessionId!;
    await mcp.transport.terminateSession();
    expect((await listTools(sessionId)).status).toBe(404);
    expect((await listTools('not-a-session')).status).toBe(404);
    await mcp.close();
  });

  test('an idle session expires', async () => {
    const sessionId = await initializeRaw();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await listTools(sessionId)).status).toBe(404);
  });

  test('session ids are random UUIDs', async () => {
    const ids = await Promise.all([initializeRaw(), initializeRaw()]);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  test('the GET stream opens for a live session', async () => {
    const sessionId = await initializeRaw();
    const controller = new AbortController();
    const response = await fetch(`${testApp.baseUrl}/api/mcp`, {
      headers: { accept: 'text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
  });

  test('an unknown tool is a JSON-RPC error -32602', async () => {
    const mcp = await connectMcp(testApp.baseUrl);
    const error = await mcp.client.callTool({ name: 'contact_explode', arguments: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    await mcp.close();
  });

  test('a plain tools/call (fast path) answers exactly as the SDK Server does', async () => {
    const sessionId = await initializeRaw({ authorization: `Bearer ${account.accessToken}` });
    const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18', authorization: `Bearer ${account.accessToken}` };
    // `_meta` sends the same call through the SDK's own dispatch (ADR 0012).
    const viaSdk = (params: Record<string, unknown>) => ({ ...params, _meta: { progressToken: 'p' } });
    const cases: Record<string, unknown>[] = [
      { name: 'contact_list', arguments: { limit: 3 } },
      { name: 'contact_get', arguments: { id: '00000000-0000-4000-8000-000000000000' } },
      { name: 'contact_list', arguments: { limit: 'many' } },
      { name: 'contact_explode', arguments: {} },
    ];
    await rawPost(testApp.baseUrl, JSON.stringify({ jsonrpc: '2.0', id: 'seed', method: 'tools/call', params: { name: 'contact_create', arguments: { firstName: 'Zoë "Quote"', notes: 'line\nbreak \u2028 ✓' } } }), headers);
    for (const params of cases) {
      const answer = async (id: string | number, sent: Record<string, unknown>) => {
        const response = await rawPost(testApp.baseUrl, JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: sent }), headers);
        expect(response.status).toBe(200);
        return (await response.json()) as Record<string, unknown>;
      };
      const [fast, sdk] = await Promise.all([answer(7, params), answer('seven', viaSdk(params))]);
      expect(fast.id).toBe(7);
      expect(sdk.id).toBe('seven');
      expect({ ...fast, id: null }).toEqual({ ...sdk, id: null });
    }
    // Malformed params: the SDK answers -32603 with zod's raw text; the spec's code is -32602.
    const malformed = await rawPost(testApp.baseUrl, JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 42 } }), headers);
    const { error } = (await malformed.json()) as { error: { code: number; message: string } };
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toMatch(/^Invalid tools\/call request: .*"name"/s);
  });

  test('a batch is refused', async () => {
    const response = await rawPost(testApp.baseUrl, JSON.stringify([INITIALIZE, { jsonrpc: '2.0', method: 'notifications/initialized' }]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32600);
  });

  test('malformed JSON-RPC gets the spec codes', async () => {
    const unparsable = await rawPost(testApp.baseUrl, '{"jsonrpc": "2.0", ');
    expect(((await unparsable.json()) as { error: { code: number } }).error.code).toBe(-32700);
    for (const body of ['{"id": 1, "method": "ping"}', '{"jsonrpc": "2.0", "id": 1, "method": 5}', '{"jsonrpc": "2.0", "id": 1}']) {
      const invalid = await rawPost(testApp.baseUrl, body);
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: { code: number } }).error.code).toBe(-32600);
    }
    const notJson = await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE), { 'content-type': 'text/plain' });
    expect(notJson.status).toBe(415);
    expect(((await notJson.json()) as { error: { code: number } }).error.code).toBe(-32000);
  });

  test('a method the endpoint lacks gets 405 with Allow', async () => {
    const response = await fetch(`${testApp.baseUrl}/api/mcp`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, DELETE');
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32000);
  });

  test('a body over the limit is refused', async () => {
    const huge = JSON.stringify({ ...INITIALIZE, params: { ...INITIALIZE.params, padding: 'x'.repeat(2 * 1024 * 1024) } });
    expect((await rawPost(testApp.baseUrl, huge)).status).toBe(413);
  });

  test('a foreign Origin or Host gets 403; loopback origins are fine', async () => {
    expect((await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE), { origin: 'https://evil.example' })).status).toBe(403);
    expect((await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE), { origin: 'http://localhost:5173' })).status).toBe(200);
    const port = new URL(testApp.baseUrl).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      // fetch will not let us set Host; a raw request will.
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/mcp', method: 'POST', headers: {
          host: `evil.example:${port}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream',
        } }, (res) => { res.resume(); resolve(res.statusCode!); });
        req.on('error', reject);
        req.end(JSON.stringify(INITIALIZE));
      }, reject);
    });
    expect(rebound).toBe(403);
  });

  test('the SDK client surfaces the 404 of an ended session', async () => {
    const mcp = await connectMcp(testApp.baseUrl);
    await mcp.transport.terminateSession();
    const error = await mcp.client.listTools().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamableHTTPError);
    await mcp.close();
  });
});

describe('stateless mode', () => {
  let stateless: TestApp;
  beforeAll(async () => { stateless = await startTestApp({ MCP_MODE: 'stateless' }); }, 60_000);
  afterAll(() => stateless?.close());

  test('serves two independent clients concurrently', async () => {
    const [first, second] = await Promise.all([signUp(stateless.baseUrl), signUp(stateless.baseUrl)]);
    const clients = await Promise.all([connectMcp(stateless.baseUrl, { token: first.accessToken }), connectMcp(stateless.baseUrl, { token: second.accessToken })]);
    expect(clients.map((c) => c.transport.sessionId)).toEqual([undefined, undefined]);
    await Promise.all(clients.map((c, index) => Promise.all(
      Array.from({ length: 5 }, (_, n) => callTool(c.client, 'contact_create', { firstName: `Client${index}-${n}` })),
    )));
    const lists = await Promise.all(clients.map((c) => callTool(c.client, 'contact_list', { sort: 'name' })));
    const names = lists.map((list) => (list.structuredContent as { items: { firstName: string }[] }).items.map((item) => item.firstName).sort());
    expect(names[0]).toEqual(['Client0-0', 'Client0-1', 'Client0-2', 'Client0-3', 'Client0-4']);
    expect(names[1]).toEqual(['Client1-0', 'Client1-1', 'Client1-2', 'Client1-3', 'Client1-4']);
    await Promise.all(clients.map((c) => c.close()));
  });

  test('GET and DELETE answer 405', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${stateless.baseUrl}/api/mcp`, { method, headers: { accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
    }
  });

  test('auth_sign_in returns the token with header instructions (nothing to bind to)', async () => {
    const account = await signUp(stateless.baseUrl);
    const mcp = await connectMcp(stateless.baseUrl);
    const result = await callTool(mcp.client, 'auth_sign_in', { email: account.email, password: account.password });
    expect(result.structuredContent).toMatchObject({ sessionSignedIn: false, instructions: expect.stringMatching(/headers/) });
    await mcp.close();
  });
});
