import type { CallToolResult, Client, Tool } from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';
import { randomUUID } from 'node:crypto';
import { signUp, uniqueEmail, type SignedUpAccount } from './support/accounts.js';
import { callTool, connectMcp, textOf, type McpConnection } from './support/mcp-client.js';
import { databaseSnapshot } from './support/mcp-db-snapshot.js';
import { HTTP_TOOLS } from './support/mcp-tools.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
let accountA: SignedUpAccount;
let accountB: SignedUpAccount;
let connections: McpConnection[] = [];
let asA: Client;
let asB: Client;
let tools: Map<string, Tool>;
const validator = new AjvJsonSchemaValidator();
const calledOk = new Set<string>();

beforeAll(async () => {
  testApp = await startTestApp();
  [accountA, accountB] = await Promise.all([signUp(testApp.baseUrl, { company: 'Tenant A' }), signUp(testApp.baseUrl, { company: 'Tenant B' })]);
  connections = await Promise.all([connectMcp(testApp.baseUrl, { token: accountA.accessToken }), connectMcp(testApp.baseUrl, { token: accountB.accessToken })]);
  [asA, asB] = connections.map((connection) => connection.client) as [Client, Client];
  tools = new Map((await asA.listTools()).tools.map((tool) => [tool.name, tool]));
}, 60_000);
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  await testApp?.close();
});

/** Calls a tool that must succeed; checks structuredContent against the output schema and the text copy. */
async function ok(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const result = await callTool(client, name, args);
  if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
  const check = validator.getValidator(tools.get(name)!.outputSchema!)(result.structuredContent);
  if (!check.valid) throw new Error(`${name} output does not match its outputSchema: ${check.errorMessage}`);
  expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
  calledOk.add(name);
  return result.structuredContent as Record<string, any>;
}

async function failing(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result: CallToolResult = await callTool(client, name, args);
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  return textOf(result);
}

// Records created by tenant A on the happy path, reused by the later blocks.
const a: Record<string, any> = {};

describe('every tool on the happy path', () => {
  test('pipelines, contacts, companies, leads, deals and tickets; search and fetch', async () => {
    const pipelines = await ok(asA, 'pipeline_list');
    a.pipeline = pipelines.items[0];
    expect(a.pipeline.stages.map((stage: { name: string }) => stage.name)).toContain('Negotiation');

    a.contact = await ok(asA, 'contact_create', { firstName: 'Ada', lastName: 'Lovelace', email: uniqueEmail('ada'), company: 'Analytical Engines' });
    expect((await ok(asA, 'fetch', { id: a.contact.id })).record.name).toBe('Ada Lovelace');
    expect((await ok(asA, 'contact_update', { id: a.contact.id, jobTitle: 'CTO' })).jobTitle).toBe('CTO');
    expect((await ok(asA, 'contact_list', { q: 'analytical' })).items.map((c: { id: string }) => c.id)).toEqual([a.contact.id]);

    a.lead = await ok(asA, 'lead_create', { name: 'Grace Hopper', company: 'Navy', email: uniqueEmail('grace') });
    expect((await ok(asA, 'fetch', { id: `crm://leads/${a.lead.id}` })).record.status).toBe('NEW');
    expect((await ok(asA, 'lead_update', { id: a.lead.id, status: 'CONTACTED' })).status).toBe('CONTACTED');
    expect((await ok(asA, 'lead_list', { status: 'CONTACTED' })).items).toHaveLength(1);
    const toConvert = await ok(asA, 'lead_create', { name: 'Alan Turing', company: 'Bletchley' });
    const converted = await ok(asA, 'lead_convert', { id: toConvert.id, createDeal: true, deal: { title: 'Bletchley deal', value: '1000.00', currency: 'GBP' } });
    expect(converted.lead.status).toBe('CONVERTED');
    expect(converted.deal.contactId).toBe(converted.contact.id);

    a.deal = await ok(asA, 'deal_create', { title: 'Engine renewal', value: '50000.00', currency: 'USD', contactId: a.contact.id });
    expect((await ok(asA, 'fetch', { id: a.deal.id, kind: 'deal' })).record.value).toBe('50000.00');
    const moved = await ok(asA, 'deal_update', { id: a.deal.id, stage: 'Negotiation' });
    expect(moved.stage.name).toBe('Negotiation');
    expect((await ok(asA, 'deal_list', { stage: 'Negotiation' })).items.map((d: { id: string }) => d.id)).toEqual([a.deal.id]);

    a.ticket = await ok(asA, 'ticket_create', { subject: 'Cannot log in', priority: 'HIGH', contactId: a.contact.id });
    expect((await ok(asA, 'fetch', { id: a.ticket.id })).record.status).toBe('OPEN');
    expect((await ok(asA, 'ticket_update', { id: a.ticket.id, status: 'IN_PROGRESS' })).status).toBe('IN_PROGRESS');
    expect((await ok(asA, 'ticket_list', { status: ['IN_PROGRESS'] })).items).toHaveLength(1);

    const doomed = await ok(asA, 'contact_create', { firstName: 'Temporary' });
    expect(await ok(asA, 'contact_delete', { id: doomed.id })).toEqual({ id: doomed.id, deleted: true });
    expect(await failing(asA, 'fetch', { id: doomed.id, kind: 'contact' })).toMatch(/was not found/);

    a.company = await ok(asA, 'company_create', { name: 'Analytical Engines Ltd', domain: 'https://www.analytical-engines.example/' });
    expect(a.company.domain).toBe('analytical-engines.example');
    expect((await ok(asA, 'company_update', { id: a.company.id, employeeCount: 12 })).employeeCount).toBe(12);
    expect((await ok(asA, 'company_list', { q: 'analytical' })).items.map((c: { id: string }) => c.id)).toEqual([a.company.id]);
    await ok(asA, 'contact_update', { id: a.contact.id, companyId: a.company.id });
    const hits = (await ok(asA, 'search', { q: 'analytical engines' })).results;
    expect(hits[0]).toMatchObject({ kind: 'company', id: a.company.id, uri: `crm://companies/${a.company.id}`, match: 'prefix' });
    expect(hits.map((hit: { kind: string }) => hit.kind)).toContain('contact');
    const company = await ok(asA, 'fetch', { id: hits[0].uri });
    expect(company).toMatchObject({ kind: 'company', record: { contactCount: 1, contacts: [{ id: a.contact.id }] } });
  });

  test('business rules come back as readable isError results', async () => {
    expect(await failing(asA, 'ticket_update', { id: a.ticket.id, status: 'NEW_STATUS' })).toMatch(/status/);
    const transition = await failing(asA, 'lead_update', { id: a.lead.id, status: 'NEW' });
    expect(transition).toMatch(/CONTACTED/);
    const duplicate = await failing(asA, 'contact_create', { firstName: 'Twin', email: a.contact.email });
    expect(duplicate).toMatch(/email/i);
  });

  test('covered every tool', () => {
    expect([...calledOk].sort()).toEqual([...HTTP_TOOLS].sort());
  });
});

const uuid = '00000000-0000-4000-8000-000000000000';
type Case = [kind: string, args: Record<string, unknown>, mentions: RegExp];

/** For every tool: missing required field, wrong type, unknown field, out-of-range value. */
function badInputs(): Record<string, Case[]> {
  const id = (value: string) => [
    ['missing', {}, /id/],
    ['wrong type', { id: 42 }, /id/],
    ['unknown field', { id: value, bogus: 1 }, /bogus/],
    ['out of range', { id: 'not-a-uuid' }, /id/],
  ] as Case[];
  const list = (wrong: Record<string, unknown>, field: RegExp): Case[] => [
    ['wrong type', wrong, field],
    ['unknown field', { bogus: 1 }, /bogus/],
    ['out of range', { limit: 101 }, /limit/],
  ];
  const long = 'x'.repeat(300);
  return {
    contact_list: list({ q: 5 }, /q/),
    contact_create: [
      ['missing', { lastName: 'Only' }, /firstName/],
      ['wrong type', { firstName: 42 }, /firstName/],
      ['unknown field', { firstName: 'A', bogus: 1 }, /bogus/],
      ['out of range', { firstName: 'A', lastName: long }, /lastName/],
    ],
    contact_update: [
      ['missing', { firstName: 'B' }, /id/],
      ['wrong type', { id: a.contact.id, firstName: 1 }, /firstName/],
      ['unknown field', { id: a.contact.id, bogus: 1 }, /bogus/],
      ['out of range', { id: a.contact.id, firstName: long }, /firstName/],
    ],
    contact_delete: id(a.contact.id),
    lead_list: list({ status: 5 }, /status/),
    lead_create: [
      ['missing', {}, /name|company|email/],
      ['wrong type', { name: 5 }, /name/],
      ['unknown field', { name: 'L', bogus: 1 }, /bogus/],
      ['out of range', { name: long }, /name/],
    ],
    lead_update: [
      ['missing', { status: 'QUALIFIED' }, /id/],
      ['wrong type', { id: a.lead.id, status: 5 }, /status/],
      ['unknown field', { id: a.lead.id, bogus: 1 }, /bogus/],
      ['out of range', { id: a.lead.id, name: long }, /name/],
    ],
    lead_convert: [
      ['missing', { createDeal: true }, /id/],
      ['wrong type', { id: a.lead.id, createDeal: 'yes' }, /createDeal/],
      ['unknown field', { id: a.lead.id, bogus: 1 }, /bogus/],
      ['out of range', { id: a.lead.id, deal: { value: '-5', currency: 'USD' } }, /value/],
    ],
    deal_list: list({ status: 'pending' }, /status/),
    deal_create: [
      ['missing', { value: '1.00', currency: 'USD' }, /title/],
      ['wrong type', { title: 5 }, /title/],
      ['unknown field', { title: 'D', bogus: 1 }, /bogus/],
      ['out of range', { title: 'D', value: '-1', currency: 'USD' }, /value/],
    ],
    deal_update: [
      ['missing', { title: 'D' }, /id/],
      ['wrong type', { id: a.deal.id, title: 5 }, /title/],
      ['unknown field', { id: a.deal.id, bogus: 1 }, /bogus/],
      ['out of range', { id: a.deal.id, value: '1.23456' }, /value/],
    ],
    ticket_list: list({ status: 'OPEN' }, /status/),
    company_list: list({ q: 5 }, /q/),
    company_create: [
      ['missing', { domain: 'acme.com' }, /name/],
      ['wrong type', { name: 5 }, /name/],
      ['unknown field', { name: 'C', bogus: 1 }, /bogus/],
      ['out of range', { name: 'C', employeeCount: -3 }, /employeeCount/],
    ],
    company_update: [
      ['missing', { name: 'C' }, /id/],
      ['wrong type', { id: a.company.id, employeeCount: 'many' }, /employeeCount/],
      ['unknown field', { id: a.company.id, bogus: 1 }, /bogus/],
      ['out of range', { id: a.company.id, domain: 'not a domain' }, /domain/],
    ],
    search: [
      ['missing', { limit: 5 }, /q/],
      ['wrong type', { q: 5 }, /q/],
      ['unknown field', { q: 'x', bogus: 1 }, /bogus/],
      ['out of range', { q: 'x', limit: 51 }, /limit/],
    ],
    fetch: [
      ['missing', {}, /id/],
      ['wrong type', { id: 42 }, /id/],
      ['unknown field', { id: a.contact.id, bogus: 1 }, /bogus/],
      ['out of range', { id: 'crm://widgets/1' }, /id/],
    ],
    ticket_create: [
      ['missing', { priority: 'LOW' }, /subject/],
      ['wrong type', { subject: 5 }, /subject/],
      ['unknown field', { subject: 'T', bogus: 1 }, /bogus/],
      ['out of range', { subject: long }, /subject/],
    ],
    ticket_update: [
      ['missing', { status: 'CLOSED' }, /id/],
      ['wrong type', { id: a.ticket.id, priority: 3 }, /priority/],
      ['unknown field', { id: a.ticket.id, bogus: 1 }, /bogus/],
      ['out of range', { id: a.ticket.id, subject: '' }, /subject/],
    ],
    // No parameters: only an unknown field can be wrong.
    pipeline_list: [['unknown field', { bogus: 1 }, /bogus/]],
  };
}

describe('bad input for every tool', () => {
  test('each gives a readable isError naming the field, and the database is unchanged', async () => {
    const cases = badInputs();
    expect(Object.keys(cases).sort()).toEqual([...HTTP_TOOLS].sort());
    const before = await databaseSnapshot(testApp.app);
    for (const [tool, toolCases] of Object.entries(cases)) {
      for (const [kind, args, mentions] of toolCases) {
        const text = await failing(asA, tool, args);
        if (!mentions.test(text)) throw new Error(`${tool} (${kind}): "${text}" does not name ${mentions}`);
      }
    }
    expect(await databaseSnapshot(testApp.app)).toBe(before);
  });
});

describe('tenant isolation through MCP', () => {
  test('tenant B can neither see nor change tenant A data', async () => {
    const before = await databaseSnapshot(testApp.app, accountA.tenantId);
    const missing = (entity: string, id: string) => new RegExp(`${entity} ${id} was not found`);
    for (const [tool, entity, id, args] of [
      ['fetch', 'Contact', a.contact.id, { kind: 'contact' }], ['fetch', 'Lead', a.lead.id, { kind: 'lead' }],
      ['fetch', 'Deal', a.deal.id, { kind: 'deal' }], ['fetch', 'Ticket', a.ticket.id, { kind: 'ticket' }],
      ['fetch', 'Company', a.company.id, { kind: 'company' }], ['contact_delete', 'Contact', a.contact.id, {}],
      ['company_update', 'Company', a.company.id, { name: 'Hijacked' }],
    ] as const) {
      // Another tenant's id answers exactly like an id that does not exist.
      const foreign = await failing(asB, tool, { id, ...args });
      const absent = await failing(asB, tool, { id: uuid, ...args });
      expect(foreign).toMatch(missing(entity, id));
      expect(foreign.replace(id, uuid)).toBe(absent);
    }
    // fetch by URI or by bare id across kinds: the same not-found as a missing record.
    for (const id of [a.contact.id, a.company.id, a.deal.id]) {
      expect(await failing(asB, 'fetch', { id })).toBe(await failing(asB, 'fetch', { id: uuid }).then((text) => text.replace(uuid, id)));
    }
    expect(await failing(asB, 'fetch', { id: `crm://companies/${a.company.id}` })).toMatch(missing('Company', a.company.id));
    await failing(asB, 'contact_create', { firstName: 'Steal', companyId: a.company.id });
    await failing(asB, 'deal_create', { title: 'Steal', companyId: a.company.id });
    expect((await ok(asB, 'search', { q: 'analytical' })).results).toEqual([]);
    expect((await ok(asB, 'company_list', {})).items).toEqual([]);
    expect(await failing(asB, 'contact_update', { id: a.contact.id, firstName: 'Hijacked' })).toMatch(missing('Contact', a.contact.id));
    expect(await failing(asB, 'lead_update', { id: a.lead.id, status: 'QUALIFIED' })).toMatch(missing('Lead', a.lead.id));
    expect(await failing(asB, 'lead_convert', { id: a.lead.id })).toMatch(missing('Lead', a.lead.id));
    expect(await failing(asB, 'deal_update', { id: a.deal.id, stage: 'Closed Won' })).toMatch(missing('Deal', a.deal.id));
    expect(await failing(asB, 'ticket_update', { id: a.ticket.id, status: 'RESOLVED' })).toMatch(missing('Ticket', a.ticket.id));
    // References into tenant A are refused too.
    await failing(asB, 'deal_create', { title: 'Steal', contactId: a.contact.id });
    await failing(asB, 'deal_create', { title: 'Steal', stageId: a.pipeline.stages[0].id });
    await failing(asB, 'ticket_create', { subject: 'Steal', contactId: a.contact.id });
    await failing(asB, 'ticket_update', { id: (await ok(asB, 'ticket_create', { subject: 'Mine' })).id, contactId: a.contact.id });
    // Lists and searches show only tenant B's own rows.
    expect((await ok(asB, 'contact_list', { q: 'analytical' })).items).toEqual([]);
    expect((await ok(asB, 'contact_list', {})).items).toEqual([]);
    expect((await ok(asB, 'lead_list', {})).items).toEqual([]);
    expect((await ok(asB, 'deal_list', { stage: 'Negotiation' })).items).toEqual([]);
    expect((await ok(asB, 'ticket_list', {})).items.map((t: { subject: string }) => t.subject)).toEqual(['Mine']);
    const pipelineIds = (await ok(asB, 'pipeline_list')).items.map((p: { id: string }) => p.id);
    expect(pipelineIds).not.toContain(a.pipeline.id);
    expect(await databaseSnapshot(testApp.app, accountA.tenantId)).toBe(before);
  });
});

test('a tool id parameter that is not a uuid is a validation error, not a crash', async () => {
  expect(await failing(asA, 'deal_update', { id: randomUUID().slice(0, 8), title: 'X' })).toMatch(/id/);
  expect(await failing(asA, 'fetch', { id: randomUUID().slice(0, 8) })).toMatch(/id/);
});
