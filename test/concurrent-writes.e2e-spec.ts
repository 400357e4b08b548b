import { jest } from '@jest/globals';
import { contactSearchText } from '../server/src/contacts/contacts.search-text.js';
import type { PrismaClient } from '../server/src/generated/prisma/client.js';
import type { SignedUpAccount } from './support/accounts.js';
import { type Api, createContact, createTicket } from './support/factories-contacts-tickets.js';
import { createDeal, createLead, defaultPipeline, pathsOf } from './support/factories-deals-leads.js';
import { callOk, callTool, connectMcp, textOf, type McpConnection } from './support/mcp-client.js';
import type { TestApp } from './support/test-app.js';
import { startTwoTenants } from './support/two-tenants.js';

// Issue 9, "Lost writes": two writers on one record must both keep what they wrote, and a
// writer that names the version it read must not overwrite a change it has not seen.
jest.setTimeout(180_000);

const ROUNDS = 30;

let testApp: TestApp;
let tenantA: SignedUpAccount;
let asA: Api;
let prisma: PrismaClient;

beforeAll(async () => {
  ({ testApp, tenantA, asA, prisma } = await startTwoTenants());
}, 180_000);
afterAll(() => testApp.close());

function statusesOf(responses: Array<{ status: number }>): number[] {
  return responses.map((response) => response.status).sort();
}

describe('two concurrent partial updates of one record both survive', () => {
  test(`contacts: one sets only email, the other only phone (${ROUNDS} rounds); searchText follows both`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const contact = await createContact(asA, { company: 'Race Inc' });
      const email = `raced-${round}@example.test`;
      const phone = `+1 555 01${String(round).padStart(2, '0')}`;
      const answers = await Promise.all([
        asA('PATCH', `/contacts/${contact.id}`, { email }),
        asA('PATCH', `/contacts/${contact.id}`, { phone }),
      ]);
      expect(statusesOf(answers)).toEqual([200, 200]);
      const after = await asA('GET', `/contacts/${contact.id}`);
      expect({ round, email: after.body.email, phone: after.body.phone, company: after.body.company })
        .toEqual({ round, email, phone, company: 'Race Inc' });
      expect(after.body.version).toBe(contact.version + 2);
      // The derived search column is computed from the final values, not from either writer's snapshot.
      const row = await prisma.contact.findUniqueOrThrow({ where: { id: contact.id } });
      expect(row.searchText).toBe(contactSearchText(row));
    }
  });

  test('leads: one sets only email, the other only name (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const lead = await createLead(asA);
      const email = `lead-raced-${round}@example.test`;
      const name = `Raced Name ${round}`;
      const answers = await Promise.all([
        asA('PATCH', `/leads/${lead.id}`, { email }),
        asA('PATCH', `/leads/${lead.id}`, { name }),
      ]);
      expect(statusesOf(answers)).toEqual([200, 200]);
      const after = await asA('GET', `/leads/${lead.id}`);
      expect({ round, email: after.body.email, name: after.body.name, company: after.body.company })
        .toEqual({ round, email, name, company: lead.company });
    }
  });

  test('leads: two writers clearing different fields cannot together empty a lead (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const lead = await createLead(asA, { email: undefined });
      const answers = await Promise.all([
        asA('PATCH', `/leads/${lead.id}`, { name: null }),
        asA('PATCH', `/leads/${lead.id}`, { company: null }),
      ]);
      // Each passed the check on the lead it read; the database refuses the second.
      expect({ round, statuses: statusesOf(answers) }).toEqual({ round, statuses: [200, 400] });
      expect(pathsOf(answers.find((answer) => answer.status === 400)!.body)).toEqual(['name']);
      const after = await asA('GET', `/leads/${lead.id}`);
      expect(after.body.name !== null || after.body.company !== null).toBe(true);
    }
  });

  test('deals: one sets only the title, the other only the expected close date (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const deal = await createDeal(asA);
      const answers = await Promise.all([
        asA('PATCH', `/deals/${deal.id}`, { title: `Raced ${round}` }),
        asA('PATCH', `/deals/${deal.id}`, { expectedCloseDate: '2027-03-01' }),
      ]);
      expect(statusesOf(answers)).toEqual([200, 200]);
      const after = await asA('GET', `/deals/${deal.id}`);
      expect({ round, title: after.body.title, expectedCloseDate: after.body.expectedCloseDate, value: after.body.value })
        .toEqual({ round, title: `Raced ${round}`, expectedCloseDate: '2027-03-01', value: deal.value });
    }
  });

  test('deals: concurrent moves to a WON and to an OPEN stage leave closedAt agreeing with the final stage', async () => {
    const stages = (await defaultPipeline(asA)).stages;
    const won = stages.find((stage) => stage.kind === 'WON')!;
    const open = stages.find((stage) => stage.kind === 'OPEN' && stage.position > 0)!;
    for (let round = 0; round < 10; round++) {
      const deal = await createDeal(asA);
      const answers = await Promise.all([
        asA('PATCH', `/deals/${deal.id}`, { stageId: won.id }),
        asA('PATCH', `/deals/${deal.id}`, { stageId: open.id }),
      ]);
      // The loser of a race on the stage is told to re-read (409), never silently merged.
      for (const answer of answers) expect([200, 409]).toContain(answer.status);
      const after = await asA('GET', `/deals/${deal.id}`);
      expect({ round, closed: after.body.closedAt !== null }).toEqual({ round, closed: after.body.status === 'won' });
    }
  });

  test('tickets: one sets only the priority, the other only the description (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const ticket = await createTicket(asA, { description: 'before' });
      const answers = await Promise.all([
        asA('PATCH', `/tickets/${ticket.id}`, { priority: 'URGENT' }),
        asA('PATCH', `/tickets/${ticket.id}`, { description: `after ${round}` }),
      ]);
      expect(statusesOf(answers)).toEqual([200, 200]);
      const after = await asA('GET', `/tickets/${ticket.id}`);
      expect({ round, priority: after.body.priority, description: after.body.description })
        .toEqual({ round, priority: 'URGENT', description: `after ${round}` });
    }
  });
});

describe('If-Match and ETag (REST)', () => {
  test('GET and writes answer the version as ETag; a stale If-Match is 412 with the current version, and nothing is written', async () => {
    const created = await asA('POST', '/contacts', { firstName: 'Etta', email: 'etta@example.test' });
    expect(created.status).toBe(201);
    expect(created.etag).toBe('"1"');
    expect(created.body.version).toBe(1);
    const read = await asA('GET', `/contacts/${created.body.id}`);
    expect(read.etag).toBe('"1"');

    const first = await asA('PATCH', `/contacts/${created.body.id}`, { phone: '+1 555 0001' }, { 'If-Match': read.etag! });
    expect(first.status).toBe(200);
    expect(first.etag).toBe('"2"');
    expect(first.body).toMatchObject({ version: 2, phone: '+1 555 0001' });

    // A second writer still holding version 1 is refused.
    const stale = await asA('PATCH', `/contacts/${created.body.id}`, { phone: '+1 555 0002' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.contentType).toContain('application/problem+json');
    expect(stale.etag).toBe('"2"');
    expect(stale.body).toMatchObject({ code: 'precondition_failed', status: 412, currentVersion: 2 });
    expect(stale.body.detail).toContain('version 2');

    const staleDelete = await asA('DELETE', `/contacts/${created.body.id}`, undefined, { 'If-Match': '"1"' });
    expect(staleDelete.status).toBe(412);
    expect(staleDelete.body).toMatchObject({ code: 'precondition_failed', currentVersion: 2 });

    const unchanged = await asA('GET', `/contacts/${created.body.id}`);
    expect(unchanged.body).toMatchObject({ version: 2, phone: '+1 555 0001' });
    expect(unchanged.etag).toBe('"2"');

    expect((await asA('DELETE', `/contacts/${created.body.id}`, undefined, { 'If-Match': '"2"' })).status).toBe(204);
    expect((await asA('GET', `/contacts/${created.body.id}`)).status).toBe(404);
  });

  test('two writers sending the same If-Match: exactly one wins, the other gets 412', async () => {
    for (let round = 0; round < 10; round++) {
      const contact = await createContact(asA);
      const answers = await Promise.all([
        asA('PATCH', `/contacts/${contact.id}`, { jobTitle: 'CTO' }, { 'If-Match': `"${contact.version}"` }),
        asA('PATCH', `/contacts/${contact.id}`, { jobTitle: 'CFO' }, { 'If-Match': `"${contact.version}"` }),
      ]);
      expect({ round, statuses: statusesOf(answers) }).toEqual({ round, statuses: [200, 412] });
      const winner = answers.find((answer) => answer.status === 200)!;
      const after = await asA('GET', `/contacts/${contact.id}`);
      expect(after.body.jobTitle).toBe(winner.body.jobTitle);
    }
  });

  test('leads, deals and tickets: stale If-Match on PATCH and DELETE is 412; the right one is 200 with a new ETag', async () => {
    const records = [
      { path: '/leads', record: await createLead(asA), change: { notes: 'n' }, deletable: false },
      { path: '/deals', record: await createDeal(asA), change: { title: 'Retitled' }, deletable: true },
      { path: '/tickets', record: await createTicket(asA), change: { priority: 'LOW' }, deletable: true },
    ];
    for (const { path, record, change, deletable } of records) {
      const url = `${path}/${record.id}`;
      expect((await asA('GET', url)).etag).toBe(`"${record.version}"`);
      const ok = await asA('PATCH', url, change, { 'If-Match': `"${record.version}"` });
      expect({ path, status: ok.status, etag: ok.etag }).toEqual({ path, status: 200, etag: `"${record.version + 1}"` });
      const stale = await asA('PATCH', url, change, { 'If-Match': `"${record.version}"` });
      expect({ path, status: stale.status, currentVersion: stale.body.currentVersion })
        .toEqual({ path, status: 412, currentVersion: record.version + 1 });
      if (deletable) {
        expect((await asA('DELETE', url, undefined, { 'If-Match': `"${record.version}"` })).status).toBe(412);
        expect((await asA('GET', url)).status).toBe(200);
      }
    }
  });

  test('a malformed If-Match is 400 naming the header; * means "any version"', async () => {
    const contact = await createContact(asA);
    for (const header of ['1', 'W/"1"', '"abc"', '"1", "2"', '""', '"0"']) {
      const response = await asA('PATCH', `/contacts/${contact.id}`, { notes: 'x' }, { 'If-Match': header });
      expect({ header, status: response.status }).toEqual({ header, status: 400 });
      expect(pathsOf(response.body)).toEqual(['If-Match']);
    }
    expect((await asA('GET', `/contacts/${contact.id}`)).body.version).toBe(contact.version);
    const any = await asA('PATCH', `/contacts/${contact.id}`, { notes: 'x' }, { 'If-Match': '*' });
    expect(any.status).toBe(200);
  });

  test('without If-Match an empty PATCH writes nothing; with a stale one it is still refused', async () => {
    const contact = await createContact(asA);
    await asA('PATCH', `/contacts/${contact.id}`, { notes: 'moved on' });
    const empty = await asA('PATCH', `/contacts/${contact.id}`, {});
    expect(empty.body.version).toBe(contact.version + 1);
    expect((await asA('PATCH', `/contacts/${contact.id}`, {}, { 'If-Match': `"${contact.version}"` })).status).toBe(412);
  });
});

describe('expectedVersion (MCP)', () => {
  let mcp: McpConnection;
  beforeAll(async () => {
    mcp = await connectMcp(testApp.baseUrl, { token: tenantA.accessToken });
  });
  afterAll(() => mcp?.close());

  test('contact_update with a stale expectedVersion is an isError result naming the conflict and the current version', async () => {
    const contact = await createContact(asA);
    const moved = await callOk(mcp.client, 'contact_update', { id: contact.id, expectedVersion: contact.version, company: 'Acme' });
    expect(moved).toMatchObject({ company: 'Acme', version: contact.version + 1 });

    const stale = await callTool(mcp.client, 'contact_update', { id: contact.id, expectedVersion: contact.version, company: 'Globex' });
    expect(stale.isError).toBe(true);
    const text = textOf(stale);
    expect(text).toContain('changed by someone else');
    expect(text).toContain(`version ${contact.version + 1}`);
    expect(text).toContain(`expectedVersion ${contact.version + 1}`);
    expect((await asA('GET', `/contacts/${contact.id}`)).body.company).toBe('Acme');

    const staleDelete = await callTool(mcp.client, 'record_delete', { kind: 'contact', id: contact.id, expectedVersion: contact.version });
    expect(staleDelete.isError).toBe(true);
    expect(textOf(staleDelete)).toContain(`version ${contact.version + 1}`);
    expect((await asA('GET', `/contacts/${contact.id}`)).status).toBe(200);
  });

  test('lead_update, deal_update and ticket_update refuse a stale expectedVersion; without it they write', async () => {
    const cases = [
      { tool: 'lead_update', record: await createLead(asA), change: { notes: 'via MCP' } },
      { tool: 'deal_update', record: await createDeal(asA), change: { title: 'via MCP' } },
      { tool: 'ticket_update', record: await createTicket(asA), change: { priority: 'HIGH' } },
    ];
    for (const { tool, record, change } of cases) {
      const written = await callOk(mcp.client, tool, { id: record.id, ...change });
      expect(written.version).toBe(record.version + 1);
      const stale = await callTool(mcp.client, tool, { id: record.id, expectedVersion: record.version, ...change });
      expect({ tool, isError: stale.isError }).toEqual({ tool, isError: true });
      expect(textOf(stale)).toContain(`version ${record.version + 1}`);
    }
  });
});
