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
  test('pipelines, contacts, leads, deals and tickets', async () => {
    const pipelines = await ok(asA, 'pipeline_list');
    a.pipeline = pipelines.items[0];
    expect(a.pipeline.stages.map((stage: { name: string }) => stage.name)).toContain('Negotiation');

    a.contact = await ok(asA, 'contact_create', { firstName: 'Ada', lastName: 'Lovelace', email: uniqueEmail('ada'), company: 'Analytical Engines' });
    expect((await ok(asA, 'contact_get', { id: a.contact.id })).name).toBe('Ada Lovelace');
    expect((await ok(asA, 'contact_update', { id: a.contact.id, jobTitle: 'CTO' })).jobTitle).toBe('CTO');
    expect((await ok(asA, 'contact_list', { q: 'analytical' })).items.map((c: { id: string }) => c.id)).toEqual([a.contact.id]);

    a.lead = await ok(asA, 'lead_create', { name: 'Grace Hopper', company: 'Navy', email: uniqueEmail('grace') });
    expect((await ok(asA, 'lead_get', { id: a.lead.id })).status).toBe('NEW');
    expect((await ok(asA, 'lead_update', { id: a.lead.id, status: 'CONTACTED' })).status).toBe('CONTACTED');
    expect((await ok(asA, 'lead_list', { status: 'CONTACTED' })).items).toHaveLength(1);
    const toConvert = await ok(asA, 'lead_create', { name: 'Alan Turing', company: 'Bletchley' });
    const converted = await ok(asA, 'lead_convert', { id: toConvert.id, createDeal: true, deal: { title: 'Bletchley deal', value: '1000.00', currency: 'GBP' } });
    expect(converted.lead.status).toBe('CONVERTED');
    expect(converted.deal.contactId).toBe(converted.contact.id);

    a.deal = await ok(asA, 'deal_create', { title: 'Engine renewal', value: '50000.00', currency: 'USD', contactId: a.contact.id });
    expect((await ok(asA, 'deal_get', { id: a.deal.id })).value).toBe('50000.00');
    const moved = await ok(asA, 'deal_update', { id: a.deal.id, stage: 'Negotiation' });
    expect(moved.stage.name).toBe('Negotiation');
    expect((await ok(asA, 'deal_list', { stage: 'Negotiation' })).items.map((d: { id: string }) => d.id)).toEqual([a.deal.id]);

    a.ticket = await ok(asA, 'ticket_create', { subject: 'Cannot log in', priority: 'HIGH', contactId: a.contact.id });
    expect((await ok(asA, 'ticket_get', { id: a.ticket.id })).status).toBe('OPEN');
    expect((await ok(asA, 'ticket_update', { id: a.ticket.id, status: 'IN_PROGRESS' })).status).toBe('IN_PROGRESS');
    expect((await ok(asA, 'ticket_list', { status: ['IN_PROGRESS'] })).items).toHaveLength(1);

    const doomed = await ok(asA, 'contact_create', { firstName: 'Temporary' });
    expect(await ok(asA, 'record_delete', { kind: 'contact', id: doomed.id }))
      .toEqual({ kind: 'contact', id: doomed.id, deleted: true, purgeAfter: expect.any(String), changeSetId: expect.any(String) });
    expect(await failing(asA, 'contact_get', { id: doomed.id })).toMatch(/was not found/);
    const doomedDeal = await ok(asA, 'deal_create', { title: 'Temporary' });
    expect((await ok(asA, 'record_delete', { uri: `crm://deals/${doomedDeal.id}` })).deleted).toBe(true);
    // Only an admin purges; the caller here is the workspace owner.
    expect(await ok(asA, 'record_purge', { kind: 'deal', id: doomedDeal.id })).toEqual({ kind: 'deal', id: doomedDeal.id, purged: true });
    // The trashed contact's history, then its restore by undoing the delete.
    const history = await ok(asA, 'timeline', { record: `crm://contacts/${doomed.id}` });
    expect(history.items.map((item: { type: string }) => item.type)).toEqual(['deleted', 'created']);
    expect((await ok(asA, 'audit_list', { record: `crm://contacts/${doomed.id}` })).items).toHaveLength(2);
    expect((await ok(asA, 'change_undo', { changeSetId: history.items[0].changeSetId })).records)
      .toEqual([{ kind: 'contact', id: doomed.id, reverted: 'delete' }]);
    expect((await ok(asA, 'contact_get', { id: doomed.id })).firstName).toBe('Temporary');
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
    contact_get: id(a.contact.id),
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
    record_delete: [
      ['missing', { kind: 'contact' }, /id/],
      ['wrong type', { kind: 'contact', id: 42 }, /id/],
      ['unknown field', { kind: 'contact', id: a.contact.id, bogus: 1 }, /bogus/],
      ['out of range', { uri: 'crm://planets/1' }, /uri/],
    ],
    record_purge: [
      ['missing', { id: a.contact.id }, /kind/],
      ['wrong type', { kind: 5, id: a.contact.id }, /kind/],
      ['unknown field', { kind: 'contact', id: a.contact.id, bogus: 1 }, /bogus/],
      ['out of range', { kind: 'planet', id: a.contact.id }, /kind/],
    ],
    lead_list: list({ status: 5 }, /status/),
    lead_get: id(a.lead.id),
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
    deal_get: id(a.deal.id),
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
    ticket_get: id(a.ticket.id),
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
    timeline: [
      ['missing', {}, /record/],
      ['wrong type', { record: 5 }, /record/],
      ['unknown field', { record: `crm://contacts/${a.contact.id}`, bogus: 1 }, /bogus/],
      ['out of range', { record: `crm://contacts/${a.contact.id}`, limit: 101 }, /limit/],
    ],
    audit_list: list({ channel: 5 }, /channel/),
    change_undo: [
      ['missing', {}, /changeSetId/],
      ['wrong type', { changeSetId: 5 }, /changeSetId/],
      ['unknown field', { changeSetId: uuid, bogus: 1 }, /bogus/],
      ['out of range', { changeId: 'not-a-uuid' }, /changeId/],
    ],
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
    for (const [tool, entity, id] of [
      ['contact_get', 'Contact', a.contact.id], ['lead_get', 'Lead', a.lead.id],
      ['deal_get', 'Deal', a.deal.id], ['ticket_get', 'Ticket', a.ticket.id], ['record_delete', 'Contact', a.contact.id],
      ['record_purge', 'Contact', a.contact.id],
    ] as const) {
      // Another tenant's id answers exactly like an id that does not exist.
      const args = (recordId: string) => (tool.startsWith('record_') ? { kind: 'contact', id: recordId } : { id: recordId });
      const foreign = await failing(asB, tool, args(id));
      const absent = await failing(asB, tool, args(uuid));
      expect(foreign).toMatch(missing(entity, id));
      expect(foreign.replace(id, uuid)).toBe(absent);
    }
    expect(await failing(asB, 'contact_update', { id: a.contact.id, firstName: 'Hijacked' })).toMatch(missing('Contact', a.contact.id));
    expect(await failing(asB, 'lead_update', { id: a.lead.id, status: 'QUALIFIED' })).toMatch(missing('Lead', a.lead.id));
    expect(await failing(asB, 'lead_convert', { id: a.lead.id })).toMatch(missing('Lead', a.lead.id));
    expect(await failing(asB, 'deal_update', { id: a.deal.id, stage: 'Closed Won' })).toMatch(missing('Deal', a.deal.id));
    expect(await failing(asB, 'ticket_update', { id: a.ticket.id, status: 'RESOLVED' })).toMatch(missing('Ticket', a.ticket.id));
    // History: A's timeline and change sets are not found; A's audit trail is not in B's.
    expect(await failing(asB, 'timeline', { record: `crm://contacts/${a.contact.id}` })).toMatch(missing('Contact', a.contact.id));
    const aChange = (await ok(asA, 'timeline', { record: `crm://contacts/${a.contact.id}` })).items[0];
    expect(await failing(asB, 'change_undo', { changeSetId: aChange.changeSetId })).toMatch(missing('Change set', aChange.changeSetId));
    expect(await failing(asB, 'change_undo', { changeId: aChange.changeId })).toMatch(missing('Change', aChange.changeId));
    expect((await ok(asB, 'audit_list', { record: `crm://contacts/${a.contact.id}` })).items).toEqual([]);
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
  expect(await failing(asA, 'deal_get', { id: randomUUID().slice(0, 8) })).toMatch(/id/);
});
