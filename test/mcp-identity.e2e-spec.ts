import { signUp, type SignedUpAccount } from './support/accounts.js';
import { callOk, callTool, connectMcp, INITIALIZE, modernRequest, rawPost } from './support/mcp-client.js';
import { installTestCredentials } from './support/mcp-credentials.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Identity over HTTP: only the request's bearer credential, checked on every request.
let stateless: TestApp;
let stateful: TestApp;
// One user and another, signed up in each app (each has its own database).
const accounts = new Map<TestApp, [SignedUpAccount, SignedUpAccount]>();

beforeAll(async () => {
  [stateless, stateful] = await Promise.all([startTestApp(), startTestApp({ MCP_MODE: 'stateful' })]);
  for (const app of [stateless, stateful]) installTestCredentials(app.app);
  for (const app of [stateless, stateful]) accounts.set(app, await Promise.all([signUp(app.baseUrl), signUp(app.baseUrl)]));
}, 90_000);
afterAll(async () => {
  await stateless?.close();
  await stateful?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function request(baseUrl: string, method: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/mcp`, {
    method,
    headers: { accept: 'application/json, text/event-stream', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(method === 'POST' ? { body: JSON.stringify(INITIALIZE) } : {}),
  });
}

describe.each(['stateless', 'stateful'])('%s mode', (mode) => {
  const app = () => (mode === 'stateless' ? stateless : stateful);
  let account: SignedUpAccount;
  beforeAll(() => { [account] = accounts.get(app())!; });

  test.each(['POST', 'GET', 'DELETE', 'HEAD'])('%s without a credential, or with a bad one, gets 401 and the challenge', async (method) => {
    const base = app().baseUrl;
    const metadata = `resource_metadata="${base}/.well-known/oauth-protected-resource/api/mcp"`;
    const missing = await request(base, method);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe(`Bearer ${metadata}, scope="crm:read crm:write"`);
    for (const authorization of ['Bearer not-a-jwt', 'Basic abc', `Bearer ${account.accessToken}x`]) {
      const invalid = await request(base, method, { authorization });
      expect(invalid.status).toBe(401);
      expect(invalid.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", ${metadata}, scope="crm:read crm:write"`);
    }
  });

  test('no anonymous tools/list: the client cannot even connect', async () => {
    await expect(connectMcp(app().baseUrl)).rejects.toThrow();
    await expect(connectMcp(app().baseUrl, { revision: '2025-06-18' })).rejects.toThrow();
  });

  test('an OAuth token counts only for this endpoint (its resource), else 401 invalid_token', async () => {
    const base = app().baseUrl;
    const wrong = await request(base, 'POST', bearer(`oauth:https://elsewhere.example/api/mcp|${account.accessToken}`));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    const mcp = await connectMcp(base, { token: `oauth:${base}/api/mcp|${account.accessToken}` });
    expect((await callOk(mcp.client, 'contact_list')).items).toEqual(expect.any(Array));
    await mcp.close();
  });

  test('a verifier that cannot reach the database answers 503 with Retry-After, not 500', async () => {
    const down = await request(app().baseUrl, 'POST', bearer('down:'));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('7');
  });

  test('a read-only credential sees only read tools; a write call is 403 insufficient_scope (step-up)', async () => {
    const base = app().baseUrl;
    for (const revision of ['2026-07-28', '2025-06-18'] as const) {
      const mcp = await connectMcp(base, { token: `readonly:${account.accessToken}`, revision });
      try {
        const tools = (await mcp.client.listTools()).tools;
        expect(tools.length).toBeGreaterThan(5);
        expect(tools.every((tool) => tool.annotations?.readOnlyHint)).toBe(true);
        expect((await callOk(mcp.client, 'contact_list')).items).toEqual(expect.any(Array));
      } finally {
        await mcp.close();
      }
    }
    const call = modernRequest(9, 'tools/call', { name: 'contact_create', arguments: { firstName: 'Nope' } });
    const refused = await rawPost(base, call.body, { ...call.headers, ...bearer(`readonly:${account.accessToken}`) });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", resource_metadata="${base}/.well-known/oauth-protected-resource/api/mcp", scope="crm:read crm:write"`,
    );
  });
});

describe('stateful sessions', () => {
  let account: SignedUpAccount;
  let other: SignedUpAccount;
  beforeAll(() => { [account, other] = accounts.get(stateful)!; });
  async function initialize(token: string): Promise<string> {
    const response = await rawPost(stateful.baseUrl, JSON.stringify(INITIALIZE), bearer(token));
    expect(response.status).toBe(200);
    return response.headers.get('mcp-session-id')!;
  }

  function listTools(sessionId: string, headers: Record<string, string> = {}): Promise<Response> {
    return rawPost(stateful.baseUrl, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), {
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-06-18',
      ...headers,
    });
  }

  test('a session id is never a credential: without a token, 401 on every method', async () => {
    const sessionId = await initialize(account.accessToken);
    expect((await listTools(sessionId)).status).toBe(401);
    for (const method of ['GET', 'DELETE']) {
      expect((await request(stateful.baseUrl, method, { 'mcp-session-id': sessionId })).status).toBe(401);
    }
    expect((await listTools(sessionId, bearer(account.accessToken))).status).toBe(200);
  });

  test("another user's token with the session id gets 404, exactly like a missing session", async () => {
    const sessionId = await initialize(account.accessToken);
    const hijack = await listTools(sessionId, bearer(other.accessToken));
    const missing = await listTools('00000000-0000-4000-8000-000000000000', bearer(other.accessToken));
    expect(hijack.status).toBe(404);
    expect(await hijack.json()).toEqual(await missing.json());
    // Nor can they end it or read its stream.
    expect((await request(stateful.baseUrl, 'DELETE', { 'mcp-session-id': sessionId, ...bearer(other.accessToken) })).status).toBe(404);
    expect((await listTools(sessionId, bearer(account.accessToken))).status).toBe(200);
  });

  test('each request in a session acts as that request\'s credential, read-only included', async () => {
    const sessionId = await initialize(account.accessToken);
    const readOnly = await listTools(sessionId, bearer(`readonly:${account.accessToken}`));
    const { result } = (await readOnly.json()) as { result: { tools: { annotations: { readOnlyHint: boolean } }[] } };
    expect(result.tools.every((tool) => tool.annotations.readOnlyHint)).toBe(true);
  });

  test('session ids are random UUIDs; the GET stream opens for a live session; DELETE ends it', async () => {
    const ids = await Promise.all([initialize(account.accessToken), initialize(account.accessToken)]);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
    const controller = new AbortController();
    const stream = await fetch(`${stateful.baseUrl}/api/mcp`, {
      headers: { accept: 'text/event-stream', 'mcp-session-id': ids[0]!, 'mcp-protocol-version': '2025-06-18', ...bearer(account.accessToken) },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
    const ended = await request(stateful.baseUrl, 'DELETE', { 'mcp-session-id': ids[1]!, 'mcp-protocol-version': '2025-06-18', ...bearer(account.accessToken) });
    expect(ended.status).toBe(200);
    expect((await listTools(ids[1]!, bearer(account.accessToken))).status).toBe(404);
  });

  test('the v2 client keeps a legacy session, and a modern client is served beside it', async () => {
    const legacy = await connectMcp(stateful.baseUrl, { token: account.accessToken, revision: '2025-11-25' });
    const modern = await connectMcp(stateful.baseUrl, { token: account.accessToken });
    try {
      expect(legacy.transport.sessionId).toEqual(expect.any(String));
      expect(modern.transport.sessionId).toBeUndefined();
      const created = await callOk(legacy.client, 'contact_create', { firstName: 'Session' });
      expect((await callTool(modern.client, 'fetch', { id: created.id })).isError).toBeFalsy();
    } finally {
      await Promise.all([legacy.close(), modern.close()]);
    }
  });
});
