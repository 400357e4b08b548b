import { spawnSync } from 'node:child_process';
import { signUp, uniqueEmail, type SignedUpAccount } from './support/accounts.js';
import { callOk, callTool, connectMcp, INITIALIZE, newClient, type McpRevision } from './support/mcp-client.js';
import { STDIO_ARGS, stdioTransport, useStdioDatabase } from './support/stdio-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Toolsets: `/api/mcp?toolsets=contacts,deals` narrows tools/list and tools/call; `read-only`
// keeps only read tools and combines with the others; an unknown name is a 400. Stdio takes
// MCP_TOOLSETS or --toolsets.

let stateless: TestApp;
let stateful: TestApp;
let account: SignedUpAccount;
let statefulAccount: SignedUpAccount;

beforeAll(async () => {
  [stateless, stateful] = await Promise.all([startTestApp(), startTestApp({ MCP_MODE: 'stateful' })]);
  [account, statefulAccount] = await Promise.all([signUp(stateless.baseUrl), signUp(stateful.baseUrl)]);
}, 90_000);
afterAll(async () => {
  await stateless?.close();
  await stateful?.close();
});

async function toolNames(query: string | undefined, revision: McpRevision = '2026-07-28'): Promise<string[]> {
  const mcp = await connectMcp(stateless.baseUrl, { token: account.accessToken, revision, ...(query ? { query } : {}) });
  try {
    return (await mcp.client.listTools()).tools.map((tool) => tool.name).sort();
  } finally {
    await mcp.close();
  }
}

describe.each<McpRevision>(['2026-07-28', '2025-06-18'])('on %s', (revision) => {
  test('?toolsets=contacts,deals lists only contact and deal tools', async () => {
    const names = await toolNames('toolsets=contacts,deals', revision);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !/^(contact|deal)_/.test(name))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['contact_list', 'contact_create', 'deal_list', 'deal_update']));
    const all = await toolNames(undefined, revision);
    expect(all).toEqual(expect.arrayContaining(['lead_list', 'batch', 'pipeline_create']));
  });

  test('calling a tool outside the chosen toolsets is refused; one inside works', async () => {
    const mcp = await connectMcp(stateless.baseUrl, { token: account.accessToken, revision, query: 'toolsets=contacts' });
    try {
      await expect(callTool(mcp.client, 'lead_list')).rejects.toThrow(/lead_list is not in the toolsets this connection chose \(contacts\)/);
      await expect(callTool(mcp.client, 'batch', { contacts: { create: [{ firstName: 'X' }] } })).rejects.toThrow(/not in the toolsets/);
      expect((await callOk(mcp.client, 'contact_list')).items).toEqual(expect.any(Array));
    } finally {
      await mcp.close();
    }
  });
});

test('read-only keeps only read tools, alone or combined with a toolset', async () => {
  const readOnly = await toolNames('toolsets=read-only');
  expect(readOnly).toEqual(expect.arrayContaining(['contact_list', 'deal_list', 'pipeline_list', 'fetch', 'search']));
  // Exactly the tools the full catalogue marks read-only.
  const everything = await connectMcp(stateless.baseUrl, { token: account.accessToken });
  try {
    const all = (await everything.client.listTools()).tools;
    expect([...readOnly].sort()).toEqual(all.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name).sort());
    expect(readOnly.length).toBeLessThan(all.length);
  } finally {
    await everything.close();
  }
  expect(await toolNames('toolsets=contacts,read-only')).toEqual(['contact_list']);
  expect(await toolNames('toolsets=pipelines&toolsets=read-only')).toEqual(['pipeline_list']);

  const mcp = await connectMcp(stateless.baseUrl, { token: account.accessToken, query: 'toolsets=read-only' });
  try {
    await expect(callTool(mcp.client, 'contact_create', { firstName: 'Nope' })).rejects.toThrow(/not in the toolsets this connection chose \(read-only\)/);
  } finally {
    await mcp.close();
  }
});

test('an unknown toolset is a 400 naming the valid ones, on both generations', async () => {
  for (const body of [INITIALIZE, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }]) {
    const response = await fetch(`${stateless.baseUrl}/api/mcp?toolsets=contacts,widgets,deal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { code: number; message: string } };
    expect(answer.error.message).toMatch(/^Bad Request: Unknown toolsets: widgets, deal\. Valid toolsets: contacts, companies, leads, deals, tickets, pipelines, notes, tasks, records, history, batch, read-only/);
  }
  // Credentials come first: without one, the answer is still the 401 challenge.
  const anonymous = await fetch(`${stateless.baseUrl}/api/mcp?toolsets=widgets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(INITIALIZE) });
  expect(anonymous.status).toBe(401);
});

test('a stateful session keeps the toolsets it started with', async () => {
  const mcp = await connectMcp(stateful.baseUrl, { token: statefulAccount.accessToken, revision: '2025-11-25', query: 'toolsets=deals' });
  try {
    expect(mcp.transport.sessionId).toBeTruthy();
    const names = (await mcp.client.listTools()).tools.map((tool) => tool.name);
    expect(names.filter((name) => !name.startsWith('deal_'))).toEqual([]);
    await expect(callTool(mcp.client, 'contact_list')).rejects.toThrow(/not in the toolsets/);
    // The same session reached without the query string: still bound to deals.
    const response = await fetch(`${stateful.baseUrl}/api/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${statefulAccount.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': mcp.transport.sessionId!,
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} }),
    });
    const listed = (await response.json()) as { result: { tools: { name: string }[] } };
    expect(listed.result.tools.map((tool) => tool.name).sort()).toEqual([...names].sort());
  } finally {
    await mcp.close();
  }
});

describe('stdio', () => {
  const stdioDatabase = useStdioDatabase('synapse-toolsets-stdio');

  test('MCP_TOOLSETS narrows the catalogue; the sign-in tools stay', async () => {
    const transport = stdioTransport({ ...stdioDatabase.env, MCP_TOOLSETS: 'contacts,read-only' });
    const client = newClient('2025-11-25');
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['auth_sign_in', 'auth_sign_up', 'contact_list']);
      const credentials = { email: uniqueEmail('toolsets'), password: 'stdio password 123' };
      await callOk(client, 'auth_sign_up', { ...credentials, name: 'Stdio', company: 'Stdio Co' });
      await callOk(client, 'auth_sign_in', credentials);
      expect((await callOk(client, 'contact_list')).items).toEqual([]);
      await expect(callTool(client, 'contact_create', { firstName: 'No' })).rejects.toThrow(/not in the toolsets/);
    } finally {
      await client.close();
    }
  }, 90_000);

  test('an unknown toolset (--toolsets) stops the process at once, naming the valid ones', () => {
    const run = spawnSync(process.execPath, [...STDIO_ARGS, '--toolsets', 'contacts,nope'], { env: stdioDatabase.env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Unknown toolset: nope\. Valid toolsets: contacts, .*read-only/);
  }, 90_000);
});
