import type { Client } from '@modelcontextprotocol/client';
import { createMember } from './support/accounts.js';
import { apiAs, createContact } from './support/factories-contacts-tickets.js';
import { createDeal, createLead, pathsOf } from './support/factories-deals-leads.js';
import { callOk, callTool, connectMcp, textOf, type McpConnection } from './support/mcp-client.js';
import { startTwoTenants, type TwoTenants } from './support/two-tenants.js';

// Batch creates and updates: REST `POST /api/<kind>/batch` and the MCP `batch` tool, one
// transaction, all or nothing, every failing item named by index and field.

let t: TwoTenants;
let mcp: McpConnection;
let client: Client;

beforeAll(async () => {
  t = await startTwoTenants();
  mcp = await connectMcp(t.testApp.baseUrl, { token: t.tenantA.accessToken });
  client = mcp.client;
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  await t?.testApp.close();
});

const countsOf = async (tenantId: string) => ({
  contacts: await t.prisma.contact.count({ where: { tenantId } }),
  leads: await t.prisma.lead.count({ where: { tenantId } }),
  deals: await t.prisma.deal.count({ where: { tenantId } }),
});
const mail = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.test`;

describe('REST batch routes', () => {
  test('contacts: creates and updates in one call, in input order', async () => {
    const existing = await createContact(t.asA, { firstName: 'Old' });
    const response = await t.asA('POST', '/contacts/batch', {
      create: [{ firstName: 'Ada', email: mail('ada') }, { firstName: 'Grace' }],
      update: [{ id: existing.id, expectedVersion: existing.version, jobTitle: 'CTO' }],
    });
    expect(response.status).toBe(200);
    expect(response.body.created.map((c: { firstName: string }) => c.firstName)).toEqual(['Ada', 'Grace']);
    expect(response.body.updated).toEqual([expect.objectContaining({ id: existing.id, jobTitle: 'CTO', version: existing.version + 1 })]);
  });

  test('leads and deals have their batch route too', async () => {
    const lead = await createLead(t.asA);
    const leads = await t.asA('POST', '/leads/batch', { create: [{ company: 'Initech' }], update: [{ id: lead.id, status: 'CONTACTED' }] });
    expect([leads.status, leads.body.created[0].company, leads.body.updated[0].status]).toEqual([200, 'Initech', 'CONTACTED']);
    const deal = await createDeal(t.asA);
    const deals = await t.asA('POST', '/deals/batch', {
      create: [{ title: 'Big one', value: '120000.00', currency: 'EUR', stage: 'Proposal' }],
      update: [{ id: deal.id, stage: 'Closed Won' }],
    });
    expect(deals.status).toBe(200);
    expect(deals.body.created[0]).toMatchObject({ title: 'Big one', value: '120000.00', currency: 'EUR' });
    expect(deals.body.updated[0].closedAt).not.toBeNull();
  });

  test('every invalid item is named by index and field, and nothing is written', async () => {
    const before = await countsOf(t.tenantA.tenantId);
    const response = await t.asA('POST', '/contacts/batch', {
      create: [{ firstName: 'Fine' }, { firstName: 'Bad', email: 'not-an-email' }, { lastName: 'NoFirst' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(pathsOf(response.body)).toEqual(['create.1.email', 'create.2.firstName']);
    expect(await countsOf(t.tenantA.tenantId)).toEqual(before);
  });

  test('a database conflict names its item; the items before it are rolled back', async () => {
    const taken = await createContact(t.asA, { email: mail('taken') });
    const before = await countsOf(t.tenantA.tenantId);
    const response = await t.asA('POST', '/contacts/batch', {
      create: [{ firstName: 'First', email: mail('first') }, { firstName: 'Dup', email: taken.email }],
    });
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(/^create\.1: Another contact already uses the email .*Nothing in this batch was written\.$/);
    expect(pathsOf(response.body)).toEqual(['create.1.email']);
    expect(await countsOf(t.tenantA.tenantId)).toEqual(before);
    // The service's own rules (a deal value needs its currency) are named the same way, relative to the body.
    const deals = await t.asA('POST', '/deals/batch', { create: [{ title: 'Ok' }, { title: 'No currency', value: '5.00' }] });
    expect([deals.status, pathsOf(deals.body)]).toEqual([400, ['create.1.currency']]);
  });

  test('a stale expectedVersion names its item (412) and undoes the rest', async () => {
    const contact = await createContact(t.asA, { firstName: 'Versioned' });
    const response = await t.asA('POST', '/contacts/batch', {
      create: [{ firstName: 'Rolled back' }],
      update: [{ id: contact.id, expectedVersion: contact.version + 5, firstName: 'Never' }],
    });
    expect([response.status, response.body.currentVersion]).toEqual([412, contact.version]);
    expect(pathsOf(response.body)).toEqual(['update.0']);
    expect((await t.asA('GET', `/contacts/${contact.id}`)).body.firstName).toBe('Versioned');
    expect(await t.prisma.contact.count({ where: { tenantId: t.tenantA.tenantId, firstName: 'Rolled back' } })).toBe(0);
  });

  test('another tenant\'s id is not found, named by item, and left untouched', async () => {
    const theirs = await createContact(t.asB, { firstName: 'Theirs' });
    const before = await t.asB('GET', `/contacts/${theirs.id}`);
    const attempt = await t.asA('POST', '/contacts/batch', { update: [{ id: theirs.id, firstName: 'Hijacked' }] });
    expect([attempt.status, attempt.body.code]).toEqual([404, 'not_found']);
    expect(pathsOf(attempt.body)).toEqual(['update.0']);
    expect((await t.asB('GET', `/contacts/${theirs.id}`)).body).toEqual(before.body);
  });

  test('more than 100 items in one kind is refused by the schema; an empty batch is refused', async () => {
    const tooMany = await t.asA('POST', '/contacts/batch', { create: Array.from({ length: 101 }, (_, i) => ({ firstName: `P${i}` })) });
    expect([tooMany.status, pathsOf(tooMany.body)]).toEqual([400, ['create']]);
    const empty = await t.asA('POST', '/contacts/batch', {});
    expect([empty.status, empty.body.detail]).toEqual([400, expect.stringMatching(/the batch is empty/)]);
  });

  test('a viewer may not batch; a member may', async () => {
    const viewer = await createMember(t.testApp.app, t.tenantA.tenantId, 'VIEWER');
    const member = await createMember(t.testApp.app, t.tenantA.tenantId, 'MEMBER');
    const body = { create: [{ firstName: 'Role' }] };
    expect((await apiAs(t.testApp.baseUrl, viewer.accessToken)('POST', '/contacts/batch', body)).status).toBe(403);
    expect((await apiAs(t.testApp.baseUrl, member.accessToken)('POST', '/contacts/batch', body)).status).toBe(200);
  });
});

describe('MCP batch tool', () => {
  test('creates and updates several kinds in one call', async () => {
    const lead = await createLead(t.asA);
    const before = await countsOf(t.tenantA.tenantId);
    const out = await callOk(client, 'batch', {
      contacts: { create: [{ firstName: 'Mcp', email: mail('mcp') }, { firstName: 'Two' }] },
      leads: { update: [{ id: lead.id, expectedVersion: lead.version, status: 'CONTACTED' }] },
      deals: { create: [{ title: 'From batch', value: '10.50', currency: 'USD' }] },
    });
    expect(out.contacts.created).toHaveLength(2);
    expect(out.leads.updated[0]).toMatchObject({ id: lead.id, status: 'CONTACTED' });
    expect(out.deals.created[0]).toMatchObject({ title: 'From batch', value: '10.50' });
    expect(await countsOf(t.tenantA.tenantId)).toEqual({ ...before, contacts: before.contacts + 2, deals: before.deals + 1 });
  });

  test('all or nothing: every invalid item of every kind is named before anything is written', async () => {
    const before = await countsOf(t.tenantA.tenantId);
    const result = await callTool(client, 'batch', {
      contacts: { create: [{ firstName: 'Ok', email: mail('same') }, { firstName: 'Twin', email: 'SAME-x@example.test' }, { firstName: 'Twin2', email: 'same-x@example.test' }] },
      leads: { create: [{ source: 'web' }] },
      deals: { create: [{ title: 'Fine' }, { title: 'No currency', value: '5.00' }] },
    });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    for (const path of ['contacts.create.2.email', 'leads.create.0.name', 'deals.create.1.currency']) expect(text).toContain(path);
    expect(text).not.toContain('contacts.create.0');
    expect(text).toMatch(/Fix the named fields and call the tool again\.$/);
    expect(await countsOf(t.tenantA.tenantId)).toEqual(before);
  });

  test('a failure in the last kind rolls back the first kinds\' writes', async () => {
    const before = await countsOf(t.tenantA.tenantId);
    const result = await callTool(client, 'batch', {
      contacts: { create: [{ firstName: 'Gone' }] },
      deals: { create: [{ title: 'Bad stage', stage: 'No such stage' }] },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('deals.create.0.stage');
    expect(await countsOf(t.tenantA.tenantId)).toEqual(before);
  });

  test('100 items in all are accepted; 101 are refused, naming the limit', async () => {
    const contacts = Array.from({ length: 60 }, (_, i) => ({ firstName: `Bulk${i}` }));
    const leads = Array.from({ length: 41 }, (_, i) => ({ company: `Bulk Co ${i}` }));
    const refused = await callTool(client, 'batch', { contacts: { create: contacts }, leads: { create: leads } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/101 items; at most 100/);
    const started = Date.now();
    const out = await callOk(client, 'batch', { contacts: { create: contacts }, leads: { create: leads.slice(1) } });
    expect(out.contacts.created.length + out.leads.created.length).toBe(100);
    console.log(`batch of 100 items: ${Date.now() - started} ms`);
  }, 60_000);
});

describe('companies in a batch', () => {
  test('REST: creates and updates companies in one call; a taken domain names its item and nothing is written', async () => {
    const existing = await t.asA('POST', '/companies', { name: 'Batch Old Co', domain: 'batch-old.example' });
    const response = await t.asA('POST', '/companies/batch', {
      create: [{ name: 'Batch One', domain: 'https://www.batch-one.example/' }, { name: 'Batch Two' }],
      update: [{ id: existing.body.id, expectedVersion: existing.body.version, industry: 'Rockets' }],
    });
    expect(response.status).toBe(200);
    expect(response.body.created.map((c: { domain: string | null }) => c.domain)).toEqual(['batch-one.example', null]);
    expect(response.body.updated[0]).toMatchObject({ id: existing.body.id, industry: 'Rockets' });

    const before = await t.prisma.company.count({ where: { tenantId: t.tenantA.tenantId } });
    const refused = await t.asA('POST', '/companies/batch', { create: [{ name: 'Fresh Co' }, { name: 'Clash', domain: 'BATCH-ONE.example' }] });
    expect([refused.status, pathsOf(refused.body)]).toEqual([409, ['create.1.domain']]);
    expect(await t.prisma.company.count({ where: { tenantId: t.tenantA.tenantId } })).toBe(before);
  });

  test('MCP: a batch over companies and contacts is one change set, and one undo reverts all of it', async () => {
    const result = await callOk(client, 'batch', {
      companies: { create: [{ name: 'Undo Co' }] },
      contacts: { create: [{ firstName: 'Undone' }] },
    });
    const companyId = result.companies.created[0].id as string;
    const contactId = result.contacts.created[0].id as string;
    const changes = await t.prisma.auditChange.findMany({ where: { recordId: { in: [companyId, contactId] } } });
    expect(new Set(changes.map((change) => change.changeSetId)).size).toBe(1);
    expect(changes[0]).toMatchObject({ channel: 'mcp', toolName: 'batch' });

    const undone = await callOk(client, 'change_undo', { changeSetId: changes[0]!.changeSetId });
    expect(undone.records.map((record: { kind: string }) => record.kind).sort()).toEqual(['company', 'contact']);
    expect((await t.asA('GET', `/companies/${companyId}`)).status).toBe(404);
    expect((await t.asA('GET', `/contacts/${contactId}`)).status).toBe(404);
  });
});
