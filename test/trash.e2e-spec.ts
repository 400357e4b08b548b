import { jest } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/client';
import { APP_CONFIG } from '../server/src/config/config.module.js';
import { TrashPurgeJob } from '../server/src/trash/trash-purge.job.js';
import { createMember } from './support/accounts.js';
import { apiAs, createContact, createTicket, type Api } from './support/factories-contacts-tickets.js';
import { createDeal, createLead } from './support/factories-deals-leads.js';
import { callOk, callTool, connectMcp, textOf, type McpConnection } from './support/mcp-client.js';
import { startTwoTenants, type TwoTenants } from './support/two-tenants.js';

// Deletes move records to the trash (ADR 0040): hidden from lists, gets and updates, kept
// until purged by an admin or by the purge job after TRASH_RETENTION_DAYS.

jest.setTimeout(120_000);

let t: TwoTenants;
let asA: Api;
let asB: Api;
let memberA: Api;
let mcp: McpConnection;
let mcpB: McpConnection;
let client: Client;

beforeAll(async () => {
  t = await startTwoTenants();
  ({ asA, asB } = t);
  memberA = apiAs(t.testApp.baseUrl, (await createMember(t.testApp.app, t.tenantA.tenantId, 'MEMBER')).accessToken);
  mcp = await connectMcp(t.testApp.baseUrl, { token: t.tenantA.accessToken });
  mcpB = await connectMcp(t.testApp.baseUrl, { token: t.tenantB.accessToken });
  client = mcp.client;
}, 120_000);
afterAll(async () => {
  await mcp?.close();
  await mcpB?.close();
  await t?.testApp.close();
});

const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

test('a deleted contact is hidden from list, get, search and update, and its email is free again', async () => {
  const contact = await createContact(asA, { firstName: 'Trashy', email: 'trashy@example.test', company: 'Bin Corp' });
  expect((await asA('DELETE', `/contacts/${contact.id}`)).status).toBe(204);

  expect((await asA('GET', `/contacts/${contact.id}`)).status).toBe(404);
  expect(ids((await asA('GET', '/contacts?q=trashy')).body)).toEqual([]);
  expect(ids((await asA('GET', '/contacts?company=Bin%20Corp')).body)).toEqual([]);
  expect((await asA('PATCH', `/contacts/${contact.id}`, { jobTitle: 'Ghost' })).status).toBe(404);
  expect((await asA('DELETE', `/contacts/${contact.id}`)).status).toBe(404);
  // The row is still there, marked, with its data.
  const row = await t.prisma.contact.findUnique({ where: { id: contact.id } });
  expect(row).toMatchObject({ email: 'trashy@example.test', jobTitle: null, version: contact.version + 1 });
  expect(row!.deletedAt).toBeInstanceOf(Date);
  // Only live contacts hold an email.
  expect((await asA('POST', '/contacts', { firstName: 'Second', email: 'trashy@example.test' })).status).toBe(201);
});

test('deleting a contact detaches its deals, tickets and converted leads in the same change', async () => {
  const contact = await createContact(asA, { firstName: 'Linked' });
  const deal = await createDeal(asA, { title: 'Linked deal', contactId: contact.id });
  const ticket = await createTicket(asA, { subject: 'Linked ticket', contactId: contact.id });
  expect((await asA('DELETE', `/contacts/${contact.id}`)).status).toBe(204);
  expect((await asA('GET', `/deals/${deal.id}`)).body).toMatchObject({ contactId: null, version: deal.version + 1 });
  expect((await asA('GET', `/tickets/${ticket.id}`)).body).toMatchObject({ contactId: null, version: ticket.version + 1 });
});

test('leads, deals and tickets go to the trash on REST DELETE, with If-Match honoured', async () => {
  const lead = await createLead(asA, { name: 'Lead to trash' });
  const deal = await createDeal(asA, { title: 'Deal to trash' });
  const ticket = await createTicket(asA, { subject: 'Ticket to trash' });
  expect((await asA('DELETE', `/leads/${lead.id}`, undefined, { 'if-match': '"99"' })).status).toBe(412);
  for (const [path, record] of [['leads', lead], ['deals', deal], ['tickets', ticket]] as const) {
    expect((await asA('DELETE', `/${path}/${record.id}`, undefined, { 'if-match': `"${record.version}"` })).status).toBe(204);
    expect((await asA('GET', `/${path}/${record.id}`)).status).toBe(404);
    expect(ids((await asA('GET', `/${path}?limit=100`)).body)).not.toContain(record.id);
  }
  expect((await t.prisma.lead.findUnique({ where: { id: lead.id } }))!.deletedAt).not.toBeNull();
});

test('record_delete takes kind and id or a crm:// URI, and answers when the purge would come', async () => {
  const deal = await createDeal(asA, { title: 'MCP trash' });
  const trashed = await callOk(client, 'record_delete', { uri: `crm://deals/${deal.id}` });
  expect(trashed).toMatchObject({ kind: 'deal', id: deal.id, deleted: true });
  const days = (Date.parse(trashed.purgeAfter) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29.9);
  expect(days).toBeLessThan(30.1);
  expect((await asA('GET', `/deals/${deal.id}`)).status).toBe(404);
  // The answer carries the change set that undoes it.
  expect((await callOk(client, 'change_undo', { changeSetId: trashed.changeSetId })).records).toEqual([{ kind: 'deal', id: deal.id, reverted: 'delete' }]);
  expect((await asA('GET', `/deals/${deal.id}`)).status).toBe(200);
  await callOk(client, 'record_delete', { kind: 'deal', id: deal.id });
  const again = await callTool(client, 'record_delete', { kind: 'deal', id: deal.id });
  expect(again.isError).toBe(true);
  expect(textOf(again)).toMatch(new RegExp(`^Deal ${deal.id} was not found\\.`));
  const both = await callTool(client, 'record_delete', { kind: 'deal', id: deal.id, uri: `crm://deals/${deal.id}` });
  expect(textOf(both)).toMatch(/uri: give either uri, or kind and id, not both/);
});

describe('explicit purge', () => {
  test('only admins purge, only what is in the trash, and the row is gone for good', async () => {
    const contact = await createContact(asA, { firstName: 'Erase', email: 'erase.me@example.test' });
    const live = await asA('DELETE', `/trash/contacts/${contact.id}`);
    expect(live.status).toBe(409);
    expect(live.body.detail).toBe(
      `Contact ${contact.id} is not in the trash. Delete it first (DELETE /api/contacts/${contact.id} or the record_delete tool), then purge it.`,
    );
    await asA('DELETE', `/contacts/${contact.id}`);
    expect((await memberA('DELETE', `/trash/contacts/${contact.id}`)).status).toBe(403);
    const purged = await asA('DELETE', `/trash/contacts/${contact.id}`);
    expect(purged.status).toBe(200);
    expect(purged.body).toEqual({ kind: 'contact', id: contact.id, purged: true });
    expect(await t.prisma.contact.findUnique({ where: { id: contact.id } })).toBeNull();
    expect((await asA('DELETE', `/trash/contacts/${contact.id}`)).status).toBe(404);
    expect((await asA('DELETE', `/trash/planets/${contact.id}`)).status).toBe(404);
  });

  test('record_purge over MCP', async () => {
    const ticket = await createTicket(asA, { subject: 'Purge me' });
    await callOk(client, 'record_delete', { kind: 'ticket', id: ticket.id });
    expect(await callOk(client, 'record_purge', { uri: `crm://tickets/${ticket.id}` })).toEqual({ kind: 'ticket', id: ticket.id, purged: true });
    expect(await t.prisma.ticket.findUnique({ where: { id: ticket.id } })).toBeNull();
  });

  test('another tenant cannot purge, delete or reach a trashed record: answers exactly like a missing one', async () => {
    const contact = await createContact(asA, { firstName: 'Private' });
    await asA('DELETE', `/contacts/${contact.id}`);
    const missing = '00000000-0000-4000-8000-000000000000';
    const foreign = await asB('DELETE', `/trash/contacts/${contact.id}`);
    const absent = await asB('DELETE', `/trash/contacts/${missing}`);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body).replaceAll(contact.id, missing)).toBe(JSON.stringify(absent.body));
    const viaMcp = await callTool(mcpB.client, 'record_purge', { kind: 'contact', id: contact.id });
    expect(textOf(viaMcp)).toMatch(new RegExp(`^Contact ${contact.id} was not found\\.`));
    const liveA = await createContact(asA, { firstName: 'Live' });
    expect(textOf(await callTool(mcpB.client, 'record_delete', { kind: 'contact', id: liveA.id }))).toMatch(new RegExp(`^Contact ${liveA.id} was not found\\.`));
    expect(await t.prisma.contact.findUnique({ where: { id: contact.id } })).not.toBeNull();
    expect((await t.prisma.contact.findUnique({ where: { id: liveA.id } }))!.deletedAt).toBeNull();
  });
});

describe('the purge job', () => {
  test('erases what has been in the trash longer than the retention window, and nothing else', async () => {
    const old = await createContact(asA, { firstName: 'Old' });
    const recent = await createContact(asA, { firstName: 'Recent' });
    const live = await createContact(asA, { firstName: 'Alive' });
    const oldDeal = await createDeal(asA, { title: 'Old deal', contactId: old.id });
    await asA('DELETE', `/deals/${oldDeal.id}`);
    await asA('DELETE', `/contacts/${old.id}`);
    await asA('DELETE', `/contacts/${recent.id}`);
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    await t.prisma.contact.update({ where: { id: old.id }, data: { deletedAt: longAgo } });
    await t.prisma.deal.update({ where: { id: oldDeal.id }, data: { deletedAt: longAgo } });

    // Two instances' jobs at once purge each row once, between them.
    const job = t.testApp.app.get(TrashPurgeJob);
    const other = new TrashPurgeJob(t.prisma, t.testApp.app.get(APP_CONFIG));
    const [first, second] = await Promise.all([job.runOnce(), other.runOnce()]);
    expect(first + second).toBe(2);
    expect(await t.prisma.contact.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await t.prisma.deal.findUnique({ where: { id: oldDeal.id } })).toBeNull();
    expect(await t.prisma.contact.findUnique({ where: { id: recent.id } })).not.toBeNull();
    expect(await t.prisma.contact.findUnique({ where: { id: live.id } })).not.toBeNull();
    expect(await job.runOnce()).toBe(0);
  });
});
