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

    const partners = await ok(asA, 'pipeline_create', {
      name: 'Partners', stages: [{ name: 'Intro', probability: 10 }, { name: 'Signed', probability: 100, kind: 'WON' }],
    });
    const added = await ok(asA, 'stage_add', { pipelineId: partners.id, expectedVersion: partners.version, name: 'Pilot', probability: 50, position: 1 });
    expect(added.stages.map((stage: { name: string }) => stage.name)).toEqual(['Intro', 'Pilot', 'Signed']);
    const [intro, pilot, signed] = added.stages as { id: string; version: number }[];
    expect(await ok(asA, 'stage_update', { id: pilot!.id, expectedVersion: pilot!.version, name: 'Trial' })).toMatchObject({ id: pilot!.id, name: 'Trial' });
    const reordered = await ok(asA, 'stage_reorder', { pipelineId: partners.id, stageIds: [intro!.id, signed!.id, pilot!.id] });
    expect(reordered.stages.map((stage: { name: string }) => stage.name)).toEqual(['Intro', 'Signed', 'Trial']);
    a.partners = reordered;

    const batched = await ok(asA, 'batch', {
      contacts: { create: [{ firstName: 'Batched' }] },
      deals: { update: [{ id: a.deal.id, title: 'Engine renewal (batch)' }] },
    });
    expect(batched.contacts.created[0].firstName).toBe('Batched');
    expect(batched.deals.updated[0]).toMatchObject({ id: a.deal.id, title: 'Engine renewal (batch)' });
    a.note = await ok(asA, 'note_create', { body: 'Prefers email over calls.', links: [{ kind: 'contact', id: a.contact.id }] });
    expect(a.note.authorId).toBe(accountA.userId);
    const edited = await ok(asA, 'note_update', { id: a.note.id, expectedVersion: 1, links: [{ kind: 'contact', id: a.contact.id }, { kind: 'deal', id: a.deal.id }] });
    expect(edited.links).toEqual([{ kind: 'contact', id: a.contact.id }, { kind: 'deal', id: a.deal.id }]);

    a.task = await ok(asA, 'task_create', { title: 'Send the renewal quote', dueAt: '2020-01-06T09:00:00+01:00', links: [{ kind: 'deal', id: a.deal.id }] });
    expect(a.task).toMatchObject({ status: 'open', assigneeId: accountA.userId, dueAt: '2020-01-06T08:00:00.000Z' });
    expect((await ok(asA, 'task_list', { mine: true, overdue: true })).items.map((t: { id: string }) => t.id)).toEqual([a.task.id]);
    const done = await ok(asA, 'task_update', { id: a.task.id, status: 'done' });
    expect(done).toMatchObject({ status: 'done', completedById: accountA.userId });

    const doomed = await ok(asA, 'contact_create', { firstName: 'Temporary' });
    expect(await ok(asA, 'record_delete', { kind: 'contact', id: doomed.id }))
      .toEqual({ kind: 'contact', id: doomed.id, deleted: true, purgeAfter: expect.any(String), changeSetId: expect.any(String) });
    expect(await failing(asA, 'fetch', { id: doomed.id, kind: 'contact' })).toMatch(/was not found/);
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
    expect((await ok(asA, 'fetch', { id: doomed.id, kind: 'contact' })).record.firstName).toBe('Temporary');

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
    pipeline_create: [
      ['missing', { stages: [{ name: 'S', probability: 1 }] }, /name/],
      ['wrong type', { name: 5, stages: [{ name: 'S', probability: 1 }] }, /name/],
      ['unknown field', { name: 'P', stages: [{ name: 'S', probability: 1 }], bogus: 1 }, /bogus/],
      ['out of range', { name: 'P', stages: [] }, /stages/],
    ],
    stage_add: [
      ['missing', { pipelineId: a.partners.id, probability: 5 }, /name/],
      ['wrong type', { pipelineId: a.partners.id, name: 'S', probability: 'high' }, /probability/],
      ['unknown field', { pipelineId: a.partners.id, name: 'S', probability: 5, bogus: 1 }, /bogus/],
      ['out of range', { pipelineId: a.partners.id, name: 'S', probability: 101 }, /probability/],
    ],
    stage_update: [
      ['missing', { probability: 5 }, /id/],
      ['wrong type', { id: a.partners.stages[0].id, probability: 'x' }, /probability/],
      ['unknown field', { id: a.partners.stages[0].id, bogus: 1 }, /bogus/],
      ['out of range', { id: a.partners.stages[0].id, probability: -1 }, /probability/],
    ],
    stage_reorder: [
      ['missing', { stageIds: [uuid] }, /pipelineId/],
      ['wrong type', { pipelineId: a.partners.id, stageIds: 'all' }, /stageIds/],
      ['unknown field', { pipelineId: a.partners.id, stageIds: [uuid], bogus: 1 }, /bogus/],
      ['out of range', { pipelineId: a.partners.id, stageIds: [] }, /stageIds/],
    ],
    batch: [
      ['missing', { contacts: { create: [{ lastName: 'Only' }] } }, /contacts\.create\.0\.firstName/],
      ['wrong type', { deals: { update: [{ id: a.deal.id, title: 5 }] } }, /deals\.update\.0\.title/],
      ['unknown field', { widgets: { create: [] } }, /widgets/],
      ['out of range', { leads: { create: Array.from({ length: 101 }, () => ({ name: 'L' })) } }, /leads\.create/],
    ],
    note_create: [
      ['missing', { body: 'No links' }, /links/],
      ['wrong type', { body: 5, links: [{ kind: 'contact', id: a.contact.id }] }, /body/],
      ['unknown field', { body: 'N', links: [{ kind: 'contact', id: a.contact.id }], bogus: 1 }, /bogus/],
      ['out of range', { body: 'x'.repeat(10_001), links: [{ kind: 'contact', id: a.contact.id }] }, /body/],
    ],
    note_update: [
      ['missing', { body: 'N' }, /id/],
      ['wrong type', { id: a.note.id, links: 'contact' }, /links/],
      ['unknown field', { id: a.note.id, bogus: 1 }, /bogus/],
      ['out of range', { id: a.note.id, links: [{ kind: 'planet', id: a.contact.id }] }, /links\.0\.kind/],
    ],
    task_list: list({ overdue: 'yes' }, /overdue/),
    task_create: [
      ['missing', { title: 'T' }, /dueAt/],
      ['wrong type', { title: 'T', dueAt: 20261204 }, /dueAt/],
      ['unknown field', { title: 'T', dueAt: '2026-12-04T10:00:00Z', bogus: 1 }, /bogus/],
      ['out of range', { title: 'T', dueAt: '2026-12-04T10:00:00' }, /dueAt/],
    ],
    task_update: [
      ['missing', { status: 'done' }, /id/],
      ['wrong type', { id: a.task.id, priority: 3 }, /priority/],
      ['unknown field', { id: a.task.id, bogus: 1 }, /bogus/],
      ['out of range', { id: a.task.id, status: 'finished' }, /status/],
    ],
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
    for (const [tool, entity, id, args] of [
      ['fetch', 'Contact', a.contact.id, { kind: 'contact' }], ['fetch', 'Lead', a.lead.id, { kind: 'lead' }],
      ['fetch', 'Deal', a.deal.id, { kind: 'deal' }], ['fetch', 'Ticket', a.ticket.id, { kind: 'ticket' }],
      ['fetch', 'Company', a.company.id, { kind: 'company' }], ['record_delete', 'Contact', a.contact.id, { kind: 'contact' }],
      ['record_purge', 'Contact', a.contact.id, { kind: 'contact' }],
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
    expect(await failing(asB, 'stage_add', { pipelineId: a.partners.id, name: 'Injected', probability: 5 })).toMatch(/not found/);
    expect(await failing(asB, 'stage_update', { id: a.partners.stages[0].id, name: 'Hijacked' })).toMatch(missing('Stage', a.partners.stages[0].id));
    expect(await failing(asB, 'stage_reorder', { pipelineId: a.partners.id, stageIds: a.partners.stages.map((s: { id: string }) => s.id) })).toMatch(/not found/);
    expect(await failing(asB, 'batch', { contacts: { update: [{ id: a.contact.id, firstName: 'Hijacked' }] } }))
      .toMatch(new RegExp(`^contacts\\.update\\.0: Contact ${a.contact.id} was not found\\.`));
    expect(await failing(asB, 'note_update', { id: a.note.id, body: 'Hijacked' })).toMatch(missing('Note', a.note.id));
    expect(await failing(asB, 'task_update', { id: a.task.id, status: 'open' })).toMatch(missing('Task', a.task.id));
    // Linking to A's records answers like linking to records that do not exist.
    const linkedForeign = await failing(asB, 'note_create', { body: 'Steal', links: [{ kind: 'contact', id: a.contact.id }] });
    const linkedAbsent = await failing(asB, 'note_create', { body: 'Steal', links: [{ kind: 'contact', id: uuid }] });
    expect(linkedForeign).toMatch(/links\.0\.id/);
    expect(linkedForeign.replace(a.contact.id, uuid)).toBe(linkedAbsent);
    await failing(asB, 'task_create', { title: 'Steal', dueAt: '2026-12-04T10:00:00Z', links: [{ kind: 'deal', id: a.deal.id }] });
    await failing(asB, 'task_create', { title: 'Steal', dueAt: '2026-12-04T10:00:00Z', assigneeId: accountA.userId });
    expect((await ok(asB, 'task_list', { record: `crm://deals/${a.deal.id}` })).items).toEqual([]);
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
  expect(await failing(asA, 'deal_update', { id: randomUUID().slice(0, 8), title: 'X' })).toMatch(/id/);
  expect(await failing(asA, 'fetch', { id: randomUUID().slice(0, 8) })).toMatch(/id/);
});
