import { randomUUID } from 'node:crypto';
import { ContactsService } from '../server/src/contacts/contacts.service.js';
import { DirectToolCalls } from '../server/src/mcp/direct/direct-tool-calls.js';
import { authInfoOf, McpAuth } from '../server/src/mcp/mcp-auth.js';
import { McpHttpEntry } from '../server/src/mcp/mcp-http.entry.js';
import { EVERY_TOOL } from '../server/src/mcp/toolsets/toolsets.js';
import { createContact } from './support/factories-contacts-tickets.js';
import { startTwoTenants, type TwoTenants } from './support/two-tenants.js';

// ADR 0055: a plain tools/call is answered past the SDK's per-request server. These tests
// send each request both ways, over HTTP (the direct path) and into the SDK entry the
// controller uses for everything else (the reference), and require the same answer.
let setup: TwoTenants;
let entry: McpHttpEntry;
let auth: McpAuth;
let contactId: string;
let directAnswers: () => number;

beforeAll(async () => {
  setup = await startTwoTenants();
  directAnswers = countDirectAnswers(setup);
  entry = setup.testApp.app.get(McpHttpEntry);
  auth = setup.testApp.app.get(McpAuth);
  contactId = (await createContact(setup.asA, { firstName: 'Direct', lastName: 'Path', email: 'direct@path.example' })).id;
}, 90_000);
afterAll(() => setup?.testApp.close());

/** Counts the answers the direct path wrote, so a test knows the HTTP side really took it. */
function countDirectAnswers(app: TwoTenants): () => number {
  const direct = app.testApp.app.get(DirectToolCalls);
  const answer = direct.answer.bind(direct);
  let written = 0;
  direct.answer = async (...args) => {
    const text = await answer(...args);
    if (text !== undefined) written++;
    return text;
  };
  return () => written;
}

type Generation = '2026-07-28' | '2025-11-25' | '2025-06-18';
const GENERATIONS: Generation[] = ['2026-07-28', '2025-11-25', '2025-06-18'];

/** A tools/call as a client of that generation sends it (2026-07-28: the envelope and routing headers). */
function toolCall(generation: Generation, id: string | number, name: string, args: Record<string, unknown>) {
  const modern = generation === '2026-07-28';
  const params = {
    name,
    arguments: args,
    ...(modern
      ? {
          _meta: {
            'io.modelcontextprotocol/protocolVersion': generation,
            'io.modelcontextprotocol/clientInfo': { name: 'equivalence-test', version: '2.0.1' },
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        }
      : {}),
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': generation,
    'user-agent': 'equivalence-agent/1',
    ...(modern ? { 'mcp-method': 'tools/call', 'mcp-name': name } : {}),
  };
  return { body: { jsonrpc: '2.0', id, method: 'tools/call', params }, headers };
}

async function viaHttp(token: string, call: ReturnType<typeof toolCall>) {
  const response = await fetch(`${setup.testApp.baseUrl}/api/mcp`, {
    method: 'POST',
    headers: { ...call.headers, authorization: `Bearer ${token}` },
    body: JSON.stringify(call.body),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** The same request through the SDK, as the controller serves everything the direct path declines. */
async function viaSdk(token: string, call: ReturnType<typeof toolCall>, requestId: string = randomUUID()) {
  const admission = await auth.admit(`Bearer ${token}`, undefined);
  if (admission.kind !== 'admitted') throw new Error(`token not admitted: ${admission.kind}`);
  const request = new Request('http://localhost/api/mcp', { method: 'POST', headers: { ...call.headers, 'x-request-id': requestId } });
  const response = await entry.serve(request, call.body, authInfoOf(admission.principal, token, '127.0.0.1', EVERY_TOOL));
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

const READ_CALLS: [string, Record<string, unknown>][] = [
  ['contact_list', { limit: 5 }],
  ['fetch', { id: 'placeholder' }],
  ['search', { q: 'direct' }],
  // Refusals a model reads: bad input, and a record that is not there.
  ['contact_list', { limit: 'many' }],
  ['fetch', { id: randomUUID(), kind: 'contact' }],
];

describe.each(GENERATIONS)('%s', (generation) => {
  test.each(READ_CALLS.map(([name, args], index) => [index, name, args] as const))(
    'call %i (%s) answers the same bytes both ways',
    async (index, name, args) => {
      const resolved = name === 'fetch' && args.id === 'placeholder' ? { id: contactId, kind: 'contact' } : args;
      const id = index % 2 ? `call-${index}` : index + 1;
      const answered = directAnswers();
      const direct = await viaHttp(setup.tenantA.accessToken, toolCall(generation, id, name, resolved));
      expect(directAnswers()).toBe(answered + 1);
      const sdk = await viaSdk(setup.tenantA.accessToken, toolCall(generation, id, name, resolved));
      expect(directAnswers()).toBe(answered + 1);
      expect(direct.status).toBe(200);
      expect(direct.status).toBe(sdk.status);
      expect(direct.text).toBe(sdk.text);
      expect(direct.contentType?.split(';')[0]).toBe(sdk.contentType?.split(';')[0]);
    },
  );

  test("another tenant's record reads exactly as a missing one, both ways", async () => {
    const call = () => toolCall(generation, 9, 'fetch', { id: contactId, kind: 'contact' });
    const direct = await viaHttp(setup.tenantB.accessToken, call());
    const sdk = await viaSdk(setup.tenantB.accessToken, call());
    expect(direct.text).toBe(sdk.text);
    const missing = await viaHttp(setup.tenantB.accessToken, toolCall(generation, 9, 'fetch', { id: randomUUID(), kind: 'contact' }));
    expect(JSON.parse(direct.text).result.isError).toBe(true);
    expect(direct.text.replace(contactId, 'ID')).toBe(missing.text.replace(/[0-9a-f-]{36}/, 'ID'));
  });

  test('a write records the same actor and origin in the audit trail both ways', async () => {
    const create = (firstName: string) => toolCall(generation, 1, 'contact_create', { firstName });
    const direct = JSON.parse((await viaHttp(setup.tenantA.accessToken, { ...create(`Direct ${generation}`), headers: { ...create('').headers, 'x-request-id': 'direct-request' } })).text);
    const sdk = JSON.parse((await viaSdk(setup.tenantA.accessToken, create(`SDK ${generation}`), 'sdk-request')).text);
    const originOf = async (id: string) => {
      const [change] = await setup.prisma.auditChange.findMany({ where: { recordId: id } });
      const { actorUserId, credentialKind, channel, transport, toolName, clientName, clientVersion, requestId, action } = change!;
      return { actorUserId, credentialKind, channel, transport, toolName, clientName, clientVersion, requestId, action };
    };
    const directOrigin = await originOf(direct.result.structuredContent.id);
    const sdkOrigin = await originOf(sdk.result.structuredContent.id);
    expect(directOrigin).toEqual({ ...sdkOrigin, requestId: 'direct-request' });
    expect(sdkOrigin.requestId).toBe('sdk-request');
    expect(directOrigin).toMatchObject({
      actorUserId: setup.tenantA.userId,
      channel: 'mcp',
      toolName: 'contact_create',
      // 2026-07-28 names its client in _meta; a stateless 2025 request has only its User-Agent.
      clientName: generation === '2026-07-28' ? 'equivalence-test' : 'equivalence-agent/1',
    });
  });

  test('a client that goes away mid-call cancels nothing half-way: the write lands whole, both ways', async () => {
    const contacts = setup.testApp.app.get(ContactsService);
    const create = contacts.create.bind(contacts);
    let started: () => void = () => undefined;
    // Each abandoned call is held inside the service long enough for its client to go away.
    contacts.create = async (...args) => { started(); await new Promise((resolve) => setTimeout(resolve, 300)); return create(...args); };
    const inService = () => new Promise<void>((resolve) => { started = resolve; });
    try {
      const name = `Abandoned ${generation} ${randomUUID()}`;
      const call = toolCall(generation, 5, 'contact_create', { firstName: name });
      const aborted = new AbortController();
      let reached = inService();
      const sent = fetch(`${setup.testApp.baseUrl}/api/mcp`, {
        method: 'POST',
        headers: { ...call.headers, authorization: `Bearer ${setup.tenantA.accessToken}` },
        body: JSON.stringify(call.body),
        signal: aborted.signal,
      }).then(() => 'answered', (error: Error) => error.name);
      await reached;
      aborted.abort();
      expect(await sent).toBe('AbortError');

      // The SDK path, abandoned the same way (its request signal) once the call is in the service.
      const sdkName = `${name} sdk`;
      const sdkCall = toolCall(generation, 6, 'contact_create', { firstName: sdkName });
      const sdkAbort = new AbortController();
      const admission = await auth.admit(`Bearer ${setup.tenantA.accessToken}`, undefined);
      if (admission.kind !== 'admitted') throw new Error('not admitted');
      reached = inService();
      const sdkSent = entry.serve(
        new Request('http://localhost/api/mcp', { method: 'POST', headers: sdkCall.headers, signal: sdkAbort.signal }),
        sdkCall.body,
        authInfoOf(admission.principal, setup.tenantA.accessToken, '127.0.0.1', EVERY_TOOL),
      );
      await reached;
      sdkAbort.abort();
      await sdkSent.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const stored = await setup.prisma.contact.findMany({ where: { firstName: { in: [name, sdkName] } }, select: { firstName: true } });
      expect(stored.map((contact) => contact.firstName).sort()).toEqual([name, sdkName].sort());
    } finally {
      contacts.create = create;
    }
    // The server goes on serving.
    const after = await viaHttp(setup.tenantA.accessToken, toolCall(generation, 7, 'contact_list', { limit: 1 }));
    expect(after.status).toBe(200);
  });
});

test('requests the direct path does not recognize are still served, by the SDK', async () => {
  // A progress token asks for SDK behaviour; a missing Mcp-Name header is the SDK's refusal to give.
  const withProgress = toolCall('2026-07-28', 1, 'contact_list', {});
  (withProgress.body.params._meta as Record<string, unknown>).progressToken = 'p1';
  expect(JSON.parse((await viaHttp(setup.tenantA.accessToken, withProgress)).text).result.structuredContent.items).toEqual(expect.any(Array));

  const noName = toolCall('2026-07-28', 2, 'contact_list', {});
  delete noName.headers['mcp-name'];
  const refused = await viaHttp(setup.tenantA.accessToken, noName);
  expect(refused.status).toBe(400);
  expect(refused.text).toBe((await viaSdk(setup.tenantA.accessToken, noName)).text);

  const unknown = await viaHttp(setup.tenantA.accessToken, toolCall('2025-11-25', 3, 'no_such_tool', {}));
  expect(JSON.parse(unknown.text).error).toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: no_such_tool') });
});

describe('2025-11-25 in a stateful session (MCP_MODE=stateful)', () => {
  let stateful: TwoTenants;
  let sessionId: string;
  let sessionAnswers: () => number;
  const headersFor = (token: string, session: string) => ({
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-11-25',
    'mcp-session-id': session,
    authorization: `Bearer ${token}`,
  });

  beforeAll(async () => {
    stateful = await startTwoTenants({ MCP_MODE: 'stateful' });
    sessionAnswers = countDirectAnswers(stateful);
    const opened = await fetch(`${stateful.testApp.baseUrl}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${stateful.tenantA.accessToken}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'session-client', version: '3.1' } } }),
    });
    sessionId = opened.headers.get('mcp-session-id')!;
    expect(sessionId).toBeTruthy();
    await fetch(`${stateful.testApp.baseUrl}/api/mcp`, {
      method: 'POST',
      headers: headersFor(stateful.tenantA.accessToken, sessionId),
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
  }, 90_000);
  afterAll(() => stateful?.testApp.close());

  async function bothWays(token: string, session: string, body: Record<string, unknown>) {
    const http = await fetch(`${stateful.testApp.baseUrl}/api/mcp`, { method: 'POST', headers: headersFor(token, session), body: JSON.stringify(body) });
    const sdkAuth = stateful.testApp.app.get(McpAuth);
    const admission = await sdkAuth.admit(`Bearer ${token}`, undefined);
    if (admission.kind !== 'admitted') throw new Error('not admitted');
    const { authorization: _, ...headers } = headersFor(token, session);
    const sdk = await stateful.testApp.app.get(McpHttpEntry).serve(
      new Request('http://localhost/api/mcp', { method: 'POST', headers }),
      body,
      authInfoOf(admission.principal, token, '127.0.0.1', EVERY_TOOL),
    );
    return { direct: { status: http.status, text: await http.text() }, sdk: { status: sdk.status, text: await sdk.text() } };
  }

  test('calls in the session answer the same bytes both ways', async () => {
    await createContact(stateful.asA, { firstName: 'Stateful', email: 'stateful@path.example' });
    for (const [id, args] of [[1, { limit: 5 }], ['two', { limit: 'many' }]] as const) {
      const answered = sessionAnswers();
      const { direct, sdk } = await bothWays(stateful.tenantA.accessToken, sessionId, { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'contact_list', arguments: args } });
      expect(direct.status).toBe(200);
      // The HTTP side went the direct way (the registry confirmed the session); the other went through the SDK.
      expect(sessionAnswers()).toBe(answered + 1);
      expect(direct).toEqual(sdk);
    }
  });

  test("another user's credential with the session id gets 404, both ways", async () => {
    const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'contact_list', arguments: {} } };
    const { direct, sdk } = await bothWays(stateful.tenantB.accessToken, sessionId, call);
    expect(direct.status).toBe(404);
    expect(direct).toEqual(sdk);
    const unknown = await bothWays(stateful.tenantA.accessToken, randomUUID(), call);
    expect(unknown.direct.status).toBe(404);
  });

  test("a session call records the handshake's client in the audit trail", async () => {
    const response = await fetch(`${stateful.testApp.baseUrl}/api/mcp`, {
      method: 'POST',
      headers: headersFor(stateful.tenantA.accessToken, sessionId),
      body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'contact_create', arguments: { firstName: 'Session write' } } }),
    });
    const created = (await response.json()) as { result: { structuredContent: { id: string } } };
    const [change] = await stateful.prisma.auditChange.findMany({ where: { recordId: created.result.structuredContent.id } });
    expect(change).toMatchObject({ channel: 'mcp', toolName: 'contact_create', clientName: 'session-client', clientVersion: '3.1', actorUserId: stateful.tenantA.userId });
  });
});
