import type { CallToolResult, Client, Tool } from '@modelcontextprotocol/client';
import { randomUUID } from 'node:crypto';
import { signUp, uniqueEmail, type SignedUpAccount } from './support/accounts.js';
import { callOk, callTool, connectMcp, INITIALIZE, rawPost, textOf, type McpConnection } from './support/mcp-client.js';
import { databaseSnapshot } from './support/mcp-db-snapshot.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Issue 9 through MCP: amounts, conflict hints and lead conversion, as a model meets them.

let testApp: TestApp;
let accountA: SignedUpAccount;
let accountB: SignedUpAccount;
let connections: McpConnection[] = [];
let asA: Client;
let asB: Client;
let tools: Tool[];

beforeAll(async () => {
  testApp = await startTestApp();
  [accountA, accountB] = await Promise.all([signUp(testApp.baseUrl), signUp(testApp.baseUrl)]);
  connections = await Promise.all([accountA, accountB].map((account) => connectMcp(testApp.baseUrl, { token: account.accessToken })));
  [asA, asB] = connections.map((connection) => connection.client) as [Client, Client];
  tools = (await asA.listTools()).tools;
}, 60_000);
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  await testApp?.close();
});

async function failing(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await callTool(client, name, args);
  expect(result.isError).toBe(true);
  return textOf(result);
}

/** A tools/call sent as raw JSON text, for numbers no JavaScript client could send. */
async function rawToolCall(token: string, json: string): Promise<CallToolResult> {
  const headers = { authorization: `Bearer ${token}` };
  const init = await rawPost(testApp.baseUrl, JSON.stringify(INITIALIZE), headers);
  const session = { ...headers, 'mcp-session-id': init.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
  const response = await rawPost(testApp.baseUrl, `{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": ${json}}`, session);
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: CallToolResult }).result;
}

describe('money through MCP', () => {
  test('amounts are advertised as decimal strings with a pattern, never as a string-or-number union', () => {
    const moneyFields: Array<[string, string]> = [
      ['deal_create', 'value'], ['deal_update', 'value'], ['deal_list', 'minValue'], ['deal_list', 'maxValue'],
    ];
    for (const [tool, field] of moneyFields) {
      const schema = tools.find((candidate) => candidate.name === tool)!.inputSchema.properties![field] as Record<string, unknown>;
      expect({ tool, field, type: schema.type }).toEqual({ tool, field, type: 'string' });
      expect(schema.pattern).toEqual(expect.any(String));
    }
    const unions = JSON.stringify(tools.map((tool) => tool.inputSchema)).match(/"type":\[[^\]]*"number"[^\]]*\]/g);
    expect(unions).toBeNull();
    const dealList = tools.find((tool) => tool.name === 'deal_list')!.inputSchema.properties!;
    // The model is told that a value range compares within one currency.
    expect((dealList.currency as { description: string }).description).toMatch(/needed with minValue or maxValue/);
  });

  test('an exact number is accepted as its decimal text; an inexact one is an isError naming value, nothing stored', async () => {
    const exact = await callOk(asA, 'deal_create', { title: 'Exact', value: 1000.5, currency: 'USD' });
    expect(exact.value).toBe('1000.50');
    const before = await databaseSnapshot(testApp.app, accountA.tenantId);
    const result = await rawToolCall(accountA.accessToken,
      '{"name": "deal_create", "arguments": {"title": "Rounded", "value": 12345678901234.5678, "currency": "USD"}}');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Invalid input\. value: is the JSON number 12345678901234\.5678, which a number cannot hold exactly/);
    expect(textOf(result)).toContain('send it as a decimal string');
    expect(await databaseSnapshot(testApp.app, accountA.tenantId)).toBe(before);
  });

  test('a currency change without the amount, or a range without a currency, is an isError naming the field', async () => {
    const deal = await callOk(asA, 'deal_create', { title: 'Priced', value: '10.00', currency: 'USD' });
    expect(await failing(asA, 'deal_update', { id: deal.id, currency: 'EUR' })).toMatch(/value: is required when currency changes/);
    expect(await failing(asA, 'deal_list', { minValue: '5' })).toMatch(/currency: is required with minValue or maxValue/);
  });
});

describe('conflict hints', () => {
  test('a taken email never invites the model to make up another one', async () => {
    const email = uniqueEmail('taken');
    await callOk(asA, 'contact_create', { firstName: 'Ada', email });
    const text = await failing(asA, 'contact_create', { firstName: 'Twin', email });
    expect(text).not.toMatch(/choose another/i);
    expect(text).toMatch(/Do not make up a different email\.$/);
  });
});

describe('lead_convert', () => {
  test('links the contact with the lead\'s email and reports it', async () => {
    const email = uniqueEmail('known');
    const contact = await callOk(asA, 'contact_create', { firstName: 'Grace', email });
    const lead = await callOk(asA, 'lead_create', { name: 'Grace Hopper', email: email.toUpperCase() });
    const converted = await callOk(asA, 'lead_convert', { id: lead.id, createDeal: true });
    expect(converted).toMatchObject({
      contactResolution: 'matched_email',
      contact: { id: contact.id },
      lead: { status: 'CONVERTED', convertedContactId: contact.id },
      deal: { contactId: contact.id },
    });
    const listed = await callOk<{ items: unknown[] }>(asA, 'contact_list', { q: email });
    expect(listed.items).toHaveLength(1);
  });

  test('links an explicit contactId; another tenant\'s contact is not found', async () => {
    const chosen = await callOk(asA, 'contact_create', { firstName: 'Chosen' });
    const lead = await callOk(asA, 'lead_create', { name: 'Someone Else', email: uniqueEmail('else') });
    const converted = await callOk(asA, 'lead_convert', { id: lead.id, contactId: chosen.id });
    expect(converted).toMatchObject({ contactResolution: 'given', contact: { id: chosen.id } });

    const foreign = await callOk(asB, 'contact_create', { firstName: 'Foreign' });
    const other = await callOk(asA, 'lead_create', { name: 'Third Person' });
    const refused = await failing(asA, 'lead_convert', { id: other.id, contactId: foreign.id });
    const missingId = randomUUID();
    const missing = await failing(asA, 'lead_convert', { id: other.id, contactId: missingId });
    expect(refused.replace(foreign.id, 'ID')).toBe(missing.replace(missingId, 'ID'));
    expect(refused).toMatch(/^Contact .* was not found\./);
    expect((await callOk(asA, 'fetch', { id: other.id, kind: 'lead' })).record.status).toBe('NEW');
  });
});
