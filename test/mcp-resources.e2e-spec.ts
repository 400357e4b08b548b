import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { callOk, connectMcp, modernRequest, rawPost, type McpConnection, type McpRevision } from './support/mcp-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Records as MCP resources, on both generations, through the official v2 client over HTTP.
let testApp: TestApp;
let alice: SignedUpAccount;
let bob: SignedUpAccount;

beforeAll(async () => {
  testApp = await startTestApp();
  [alice, bob] = await Promise.all([signUp(testApp.baseUrl), signUp(testApp.baseUrl)]);
}, 180_000); // booting on a loaded CI machine can take over a minute
afterAll(() => testApp?.close());

async function readError(mcp: McpConnection, uri: string): Promise<ProtocolError> {
  const error = await mcp.client.readResource({ uri }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProtocolError);
  return error as ProtocolError;
}

describe.each<McpRevision>(['2026-07-28', '2025-11-25', '2025-06-18'])('revision %s', (revision) => {
  let mcp: McpConnection;
  beforeAll(async () => {
    mcp = await connectMcp(testApp.baseUrl, { token: alice.accessToken, revision });
  });
  afterAll(() => mcp?.close());

  test('advertises resources with subscribe, prompts and completions', () => {
    expect(mcp.client.getServerCapabilities()).toMatchObject({
      resources: { subscribe: true, listChanged: false },
      prompts: { listChanged: false },
      completions: {},
    });
  });

  test('lists one template per record kind', async () => {
    const { resourceTemplates } = await mcp.client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      'crm://contacts/{id}', 'crm://companies/{id}', 'crm://deals/{id}', 'crm://leads/{id}', 'crm://tickets/{id}', 'crm://pipelines/{id}',
      'crm://notes/{id}', 'crm://tasks/{id}',
    ]);
    expect(resourceTemplates.every((template) => template.mimeType === 'application/json')).toBe(true);
  });

  test('reads a contact as JSON, scoped to the caller', async () => {
    const contact = await callOk<{ id: string }>(mcp.client, 'contact_create', { firstName: 'Resource', lastName: revision });
    const uri = `crm://contacts/${contact.id}`;
    const { contents } = await mcp.client.readResource({ uri });
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({ uri, mimeType: 'application/json' });
    expect(JSON.parse((contents[0] as { text: string }).text)).toMatchObject({ id: contact.id, firstName: 'Resource', lastName: revision });
  });

  test('reads a note and a task as JSON; another tenant\'s are not found', async () => {
    const contact = await callOk<{ id: string }>(mcp.client, 'contact_create', { firstName: 'Noted', lastName: revision });
    const note = await callOk<{ id: string }>(mcp.client, 'note_create', { body: `Resource ${revision}`, links: [{ kind: 'contact', id: contact.id }] });
    const task = await callOk<{ id: string }>(mcp.client, 'task_create', { title: `Resource ${revision}`, dueAt: '2026-12-04T09:00:00Z' });
    for (const [uri, expected] of [
      [`crm://notes/${note.id}`, { id: note.id, body: `Resource ${revision}`, links: [{ kind: 'contact', id: contact.id }] }],
      [`crm://tasks/${task.id}`, { id: task.id, title: `Resource ${revision}`, status: 'open' }],
    ] as const) {
      const { contents } = await mcp.client.readResource({ uri });
      expect(JSON.parse((contents[0] as { text: string }).text)).toMatchObject(expected);
    }
    const bobs = await connectMcp(testApp.baseUrl, { token: bob.accessToken, revision });
    try {
      for (const uri of [`crm://notes/${note.id}`, `crm://tasks/${task.id}`]) {
        const error = await bobs.client.readResource({ uri }).catch((caught: unknown) => caught);
        expect([(error as ProtocolError).code, (error as ProtocolError).data]).toEqual([ProtocolErrorCode.InvalidParams, { uri }]);
      }
    } finally {
      await bobs.close();
    }
  });

  test('reads a company with its contacts, and lists it among the recently changed records', async () => {
    const company = await callOk<{ id: string }>(mcp.client, 'company_create', { name: `Resource Co ${revision}` });
    await callOk(mcp.client, 'contact_create', { firstName: 'Staff', lastName: revision, companyId: company.id });
    const uri = `crm://companies/${company.id}`;
    const { contents } = await mcp.client.readResource({ uri });
    expect(JSON.parse((contents[0] as { text: string }).text)).toMatchObject({ id: company.id, contactCount: 1, openPipelineValue: [] });
    expect((await mcp.client.listResources()).resources.map((resource) => resource.uri)).toContain(uri);
  });

  test('lists the pipelines first, then recently changed records', async () => {
    const ticket = await callOk<{ id: string }>(mcp.client, 'ticket_create', { subject: `Listed ${revision}` });
    const { resources } = await mcp.client.listResources();
    expect(resources[0]).toMatchObject({ uri: expect.stringMatching(/^crm:\/\/pipelines\//), mimeType: 'application/json' });
    expect(resources.map((resource) => resource.uri)).toContain(`crm://tickets/${ticket.id}`);
    expect(resources.every((resource) => resource.name && resource.description)).toBe(true);
  });

  test('another tenant\'s record, a missing id and an unknown scheme read as not found (-32602 with the URI)', async () => {
    const bobs = await connectMcp(testApp.baseUrl, { token: bob.accessToken, revision });
    try {
      const hidden = await callOk<{ id: string }>(bobs.client, 'contact_create', { firstName: 'Hidden' });
      for (const uri of [`crm://contacts/${hidden.id}`, 'crm://deals/00000000-0000-7000-8000-000000000000', 'test://nothing']) {
        const error = await readError(mcp, uri);
        expect(error.code).toBe(ProtocolErrorCode.InvalidParams);
        expect(error.data).toEqual({ uri });
      }
    } finally {
      await bobs.close();
    }
  });

  test('a malformed record URI is invalid params, naming what is wrong', async () => {
    const error = await readError(mcp, 'crm://contacts/not-a-uuid');
    expect(error.code).toBe(ProtocolErrorCode.InvalidParams);
    expect(error.message).toMatch(/must be a UUID/);
  });
});

test('resources/list pages with a cursor and never repeats an entry', async () => {
  const account = await signUp(testApp.baseUrl);
  const mcp = await connectMcp(testApp.baseUrl, { token: account.accessToken });
  try {
    for (let n = 0; n < 30; n++) await callOk(mcp.client, 'contact_create', { firstName: `Page ${n}` });
    // The client walks every page itself when given no cursor: one pipeline (the default) and 30 contacts.
    const all = await mcp.client.listResources();
    expect(new Set(all.resources.map((resource) => resource.uri)).size).toBe(31);
    // The first page, as the server sends it.
    const request = modernRequest(7, 'resources/list');
    const response = await rawPost(testApp.baseUrl, request.body, { ...request.headers, authorization: `Bearer ${account.accessToken}` });
    const first = ((await response.json()) as { result: { resources: { uri: string }[]; nextCursor?: string } }).result;
    expect(first.resources).toHaveLength(25);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await mcp.client.listResources({ cursor: first.nextCursor });
    expect(second.resources).toHaveLength(6);
    expect(second.nextCursor).toBeUndefined();
    expect([...first.resources, ...second.resources].map((resource: { uri: string }) => resource.uri)).toEqual(all.resources.map((r) => r.uri));
    const error = await mcp.client.listResources({ cursor: 'bogus' }).catch((caught: unknown) => caught);
    expect((error as ProtocolError).code).toBe(ProtocolErrorCode.InvalidParams);
  } finally {
    await mcp.close();
  }
});
