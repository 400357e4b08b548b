import { jest } from '@jest/globals';
import { createMember } from './support/accounts.js';
import { apiAs, createContact, createTicket, type Api } from './support/factories-contacts-tickets.js';
import { createDeal, createLead, defaultPipeline } from './support/factories-deals-leads.js';
import { callOk, callTool, connectMcp, textOf, type McpConnection } from './support/mcp-client.js';
import { startTwoTenants, type TwoTenants } from './support/two-tenants.js';

// Timeline, audit query and undo over the audit trail (ADRs 0038, 0041, 0042).

jest.setTimeout(180_000);

let t: TwoTenants;
let asA: Api;
let asB: Api;
let memberA: Api;
let adminA: Api;
let mcp: McpConnection;
let mcpB: McpConnection;

beforeAll(async () => {
  t = await startTwoTenants();
  ({ asA, asB } = t);
  memberA = apiAs(t.testApp.baseUrl, (await createMember(t.testApp.app, t.tenantA.tenantId, 'MEMBER')).accessToken);
  adminA = apiAs(t.testApp.baseUrl, (await createMember(t.testApp.app, t.tenantA.tenantId, 'ADMIN')).accessToken);
  mcp = await connectMcp(t.testApp.baseUrl, { token: t.tenantA.accessToken });
  mcpB = await connectMcp(t.testApp.baseUrl, { token: t.tenantB.accessToken });
}, 180_000);
afterAll(async () => {
  await mcp?.close();
  await mcpB?.close();
  await t?.testApp.close();
});

const timeline = async (api: Api, uri: string, query = '') => {
  const response = await api('GET', `/timeline?record=${encodeURIComponent(uri)}${query}`);
  expect(response.status).toBe(200);
  return response.body as { items: Record<string, any>[]; nextCursor: string | null };
};
const latest = async (api: Api, uri: string) => (await timeline(api, uri)).items[0]!;
const undoSet = (api: Api, changeSetId: string) => api('POST', `/change-sets/${changeSetId}/undo`);

describe('undo', () => {
  test('undoing a contact\'s delete restores it and re-attaches its deal, in one change set', async () => {
    const contact = await createContact(asA, { firstName: 'Restore', email: 'restore.me@example.test' });
    const deal = await createDeal(asA, { title: 'Restore deal', contactId: contact.id });
    expect((await asA('DELETE', `/contacts/${contact.id}`)).status).toBe(204);
    const deleted = await latest(asA, `crm://contacts/${contact.id}`);
    expect(deleted).toMatchObject({ type: 'deleted', action: 'delete', channel: 'rest', actorUserId: t.tenantA.userId });

    const undone = await undoSet(asA, deleted.changeSetId);
    expect(undone.status).toBe(200);
    expect(undone.body.undoneChangeSetId).toBe(deleted.changeSetId);
    expect(undone.body.records).toEqual(expect.arrayContaining([
      { kind: 'contact', id: contact.id, reverted: 'delete' },
      { kind: 'deal', id: deal.id, reverted: 'update' },
    ]));
    expect((await asA('GET', `/contacts/${contact.id}`)).body).toMatchObject({ email: 'restore.me@example.test', version: contact.version + 2 });
    expect((await asA('GET', `/deals/${deal.id}`)).body.contactId).toBe(contact.id);
    // The undo is itself audited, and says what it undid.
    const restored = await latest(asA, `crm://contacts/${contact.id}`);
    expect(restored).toMatchObject({ type: 'restored', changeSetId: undone.body.changeSetId, undoOfChangeSetId: deleted.changeSetId });
  });

  test('an update is undone field by field; a second undo of the same change set is refused', async () => {
    const deal = await createDeal(asA, { title: 'Before', value: '1000.0001' });
    await asA('PATCH', `/deals/${deal.id}`, { title: 'After', value: '123456789012345.6789' });
    const update = await latest(asA, `crm://deals/${deal.id}`);
    expect(update.changes).toEqual(expect.arrayContaining([
      { field: 'value', before: '1000.0001', after: '123456789012345.6789' },
      { field: 'title', before: 'Before', after: 'After' },
    ]));
    expect((await asA('POST', `/changes/${update.changeId}/undo`)).status).toBe(200);
    expect((await asA('GET', `/deals/${deal.id}`)).body).toMatchObject({ title: 'Before', value: '1000.0001', version: deal.version + 2 });
    const twice = await undoSet(asA, update.changeSetId);
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toMatch(/already undone .*cannot be undone twice/);
  });

  test('a field changed since refuses the undo, naming the record, the field and who changed it, and writes nothing', async () => {
    const contact = await createContact(asA, { firstName: 'Conflict' });
    await asA('PATCH', `/contacts/${contact.id}`, { jobTitle: 'Engineer', phone: '+1 1' });
    const mine = await latest(asA, `crm://contacts/${contact.id}`);
    await adminA('PATCH', `/contacts/${contact.id}`, { jobTitle: 'Manager' });
    const before = (await asA('GET', `/contacts/${contact.id}`)).body;

    const refused = await asA('POST', `/changes/${mine.changeId}/undo`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(new RegExp(`^Nothing was undone: Contact ${contact.id} had its jobTitle changed since by .+ via rest at .+\\.`));
    expect((await asA('GET', `/contacts/${contact.id}`)).body).toEqual(before);
  });

  test('only the actor or an admin undoes a change', async () => {
    const ticket = await createTicket(asA, { subject: 'Owner made this' });
    await asA('PATCH', `/tickets/${ticket.id}`, { priority: 'URGENT' });
    const change = await latest(asA, `crm://tickets/${ticket.id}`);
    const refused = await undoSet(memberA, change.changeSetId);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/cannot undo changes other people or the system made/);
    expect((await asA('GET', `/tickets/${ticket.id}`)).body.priority).toBe('URGENT');
    expect((await undoSet(adminA, change.changeSetId)).status).toBe(200);
    expect((await asA('GET', `/tickets/${ticket.id}`)).body.priority).toBe(ticket.priority);
  });

  test('change_undo reverts everything one MCP tool call did (a lead conversion)', async () => {
    const lead = await createLead(asA, { name: 'Convert Me', email: 'convert.me@example.test' });
    const converted = await callOk(mcp.client, 'lead_convert', { id: lead.id, createDeal: true, deal: { title: 'From conversion' } });
    const conversion = await latest(asA, `crm://leads/${lead.id}`);
    expect(conversion).toMatchObject({ type: 'converted', toolName: 'lead_convert', channel: 'mcp', toStatus: 'CONVERTED' });

    const undone = await callOk(mcp.client, 'change_undo', { changeSetId: conversion.changeSetId });
    expect(undone.records.map((record: { kind: string }) => record.kind).sort()).toEqual(['contact', 'deal', 'lead']);
    expect((await asA('GET', `/leads/${lead.id}`)).body).toMatchObject({ status: lead.status, convertedContactId: null });
    // Creates are undone by moving the new records to the trash.
    expect((await asA('GET', `/contacts/${converted.contact.id}`)).status).toBe(404);
    expect((await asA('GET', `/deals/${converted.deal.id}`)).status).toBe(404);
    const again = await callTool(mcp.client, 'change_undo', { changeSetId: conversion.changeSetId });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(/already undone/);
    const neither = await callTool(mcp.client, 'change_undo', {});
    expect(textOf(neither)).toMatch(/changeSetId: give exactly one of changeSetId or changeId/);
  });

  test('restoring into a unique value taken meanwhile is a clear 409', async () => {
    const first = await createContact(asA, { firstName: 'First', email: 'taken@example.test' });
    await asA('DELETE', `/contacts/${first.id}`);
    const deleted = await latest(asA, `crm://contacts/${first.id}`);
    await createContact(asA, { firstName: 'Second', email: 'taken@example.test' });
    const refused = await undoSet(asA, deleted.changeSetId);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(new RegExp(`^Nothing was undone: restoring Contact ${first.id} would reuse a value another live record now holds`));
    expect((await asA('GET', `/contacts/${first.id}`)).status).toBe(404);
  });

  test('purged records and pipeline changes cannot be undone, and say so', async () => {
    const contact = await createContact(asA, { firstName: 'Gone' });
    await asA('DELETE', `/contacts/${contact.id}`);
    const deleted = await latest(asA, `crm://contacts/${contact.id}`);
    await asA('DELETE', `/trash/contacts/${contact.id}`);
    const afterPurge = await undoSet(asA, deleted.changeSetId);
    expect(afterPurge.status).toBe(409);
    expect(afterPurge.body.detail).toBe(`Contact ${contact.id} was purged for good, so this change cannot be undone.`);

    const pipeline = await asA('POST', '/pipelines', { name: 'Undo me not', stages: [{ name: 'Only', probability: 10 }] });
    const [created] = (await asA('GET', `/audit?record=crm://pipelines/${pipeline.body.id}`)).body.items;
    expect(created).toMatchObject({ action: 'create', recordKind: 'pipeline' });
    const refused = await undoSet(asA, created.changeSetId);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/^Changes to (pipeline|stage) records cannot be undone; change it back with its own update route or tool\.$/);
    expect((await asA('GET', `/pipelines/${pipeline.body.id}`)).status).toBe(200);
  });

  test('a concurrent write and undo never leave a record half-reverted', async () => {
    for (let round = 0; round < 6; round++) {
      const contact = await createContact(asA, { firstName: 'Race', jobTitle: 'A' });
      await asA('PATCH', `/contacts/${contact.id}`, { jobTitle: 'B', phone: '+1 2' });
      const change = await latest(asA, `crm://contacts/${contact.id}`);
      const [write, undo] = await Promise.all([
        asA('PATCH', `/contacts/${contact.id}`, { jobTitle: 'C' }),
        undoSet(asA, change.changeSetId),
      ]);
      expect(write.status).toBe(200);
      const now = (await asA('GET', `/contacts/${contact.id}`)).body;
      if (undo.status === 200) {
        // The undo ran first: both of its fields went back; then the write set jobTitle.
        expect(now).toMatchObject({ jobTitle: 'C', phone: null });
      } else {
        // The write ran first: the undo wrote nothing at all.
        expect(undo.status).toBe(409);
        expect(now).toMatchObject({ jobTitle: 'C', phone: '+1 2' });
      }
    }
  });
});

describe('timeline', () => {
  test('newest first, keyset-paged, with stage moves named and status transitions typed', async () => {
    const pipeline = await defaultPipeline(asA);
    const deal = await createDeal(asA, { title: 'Paged' });
    const [first, second] = pipeline.stages.filter((stage) => stage.kind === 'OPEN').slice(1, 3);
    await asA('PATCH', `/deals/${deal.id}`, { stageId: first!.id });
    await asA('PATCH', `/deals/${deal.id}`, { title: 'Paged again' });
    await callOk(mcp.client, 'deal_update', { id: deal.id, stageId: second!.id });
    const uri = `crm://deals/${deal.id}`;

    const page1 = await timeline(asA, uri, '&limit=2');
    expect(page1.items.map((item) => item.type)).toEqual(['stage_moved', 'updated']);
    expect(page1.items[0]).toMatchObject({ fromStage: first!.name, toStage: second!.name, channel: 'mcp', toolName: 'deal_update', actorName: expect.any(String) });
    const page2 = await timeline(asA, uri, `&limit=2&cursor=${page1.nextCursor}`);
    expect(page2.items.map((item) => item.type)).toEqual(['stage_moved', 'created']);
    expect(page2.nextCursor).toBeNull();
    const all = [...page1.items, ...page2.items].map((item) => item.changeId);
    expect(new Set(all).size).toBe(4);

    const viaTool = await callOk(mcp.client, 'timeline', { record: uri, limit: 10 });
    expect(viaTool.items.map((item: { changeId: string }) => item.changeId)).toEqual(all);

    const ticket = await createTicket(asA, { subject: 'Status' });
    await asA('PATCH', `/tickets/${ticket.id}`, { status: 'IN_PROGRESS' });
    expect(await latest(asA, `crm://tickets/${ticket.id}`)).toMatchObject({ type: 'status_changed', fromStatus: 'OPEN', toStatus: 'IN_PROGRESS' });
  });

  test('a record in the trash keeps its timeline; a bad record is a 400 on record', async () => {
    const contact = await createContact(asA, { firstName: 'Trash timeline' });
    await asA('DELETE', `/contacts/${contact.id}`);
    expect((await timeline(asA, `crm://contacts/${contact.id}`)).items.map((item) => item.type)).toEqual(['deleted', 'created']);
    const bad = await asA('GET', '/timeline?record=crm://planets/1');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('record');
  });
});

describe('audit query', () => {
  test('admins filter by actor, channel, kind, record, change set and time; others are refused', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const viaMcp = await callOk(mcp.client, 'contact_create', { firstName: 'Audited' });
    await adminA('PATCH', `/contacts/${viaMcp.id}`, { jobTitle: 'Audited' });
    const query = (params: Record<string, string>) => asA('GET', `/audit?${new URLSearchParams(params)}`);

    const byRecord = await query({ record: `crm://contacts/${viaMcp.id}` });
    expect(byRecord.status).toBe(200);
    expect(byRecord.body.items.map((item: { action: string }) => item.action)).toEqual(['update', 'create']);
    const [update, create] = byRecord.body.items;
    expect(create).toMatchObject({ channel: 'mcp', toolName: 'contact_create', clientName: 'synapse-e2e', actorUserId: t.tenantA.userId });
    expect(update.actorUserId).not.toBe(t.tenantA.userId);

    const mcpOnly = await query({ channel: 'mcp', from: start });
    expect(mcpOnly.body.items.every((item: { channel: string }) => item.channel === 'mcp')).toBe(true);
    expect(mcpOnly.body.items.map((item: { recordId: string }) => item.recordId)).toContain(viaMcp.id);
    const byActor = await query({ actorUserId: update.actorUserId, from: start });
    expect(byActor.body.items.map((item: { changeId: string }) => item.changeId)).toContain(update.changeId);
    expect(byActor.body.items.every((item: { actorUserId: string }) => item.actorUserId === update.actorUserId)).toBe(true);
    const byActorAndRecord = await query({ actorUserId: t.tenantA.userId, record: `crm://contacts/${viaMcp.id}` });
    expect(byActorAndRecord.body.items.map((item: { changeId: string }) => item.changeId)).toEqual([create.changeId]);
    expect((await query({ kind: 'ticket', changeSetId: create.changeSetId })).body.items).toEqual([]);
    expect((await query({ kind: 'contact', changeSetId: create.changeSetId })).body.items).toHaveLength(1);
    expect((await query({ changeSetId: create.changeSetId })).body.items.map((item: { changeId: string }) => item.changeId)).toEqual([create.changeId]);
    expect((await query({ record: `crm://contacts/${viaMcp.id}`, to: start })).body.items).toEqual([]);

    // Keyset pages of one item each walk the same entries.
    const one = await query({ record: `crm://contacts/${viaMcp.id}`, limit: '1' });
    const two = await query({ record: `crm://contacts/${viaMcp.id}`, limit: '1', cursor: one.body.nextCursor });
    expect([...one.body.items, ...two.body.items].map((item: { changeId: string }) => item.changeId)).toEqual([update.changeId, create.changeId]);

    expect((await memberA('GET', '/audit')).status).toBe(403);
    expect((await callOk(mcp.client, 'audit_list', { record: `crm://contacts/${viaMcp.id}` })).items).toHaveLength(2);
  });

  test('no route edits the trail, and a purge erases the record\'s values from it', async () => {
    const contact = await createContact(asA, { firstName: 'Forget', email: 'forget.me@example.test' });
    await asA('DELETE', `/contacts/${contact.id}`);
    await asA('DELETE', `/trash/contacts/${contact.id}`);
    const trail = (await asA('GET', `/audit?record=crm://contacts/${contact.id}`)).body.items as { action: string; changes: { before: string | null; after: string | null }[] }[];
    expect(trail.map((item) => item.action)).toEqual(['purge', 'delete', 'create']);
    expect(JSON.stringify(trail)).not.toContain('forget.me@example.test');
    for (const method of ['PATCH', 'DELETE', 'PUT']) {
      expect((await asA(method, `/audit/${trail[1]!.action}`)).status).toBe(404);
    }
  });
});

describe('tenant isolation', () => {
  test('tenant B cannot see the timeline or audit of, or undo, tenant A\'s records: answers like a missing one', async () => {
    const contact = await createContact(asA, { firstName: 'Isolated' });
    await asA('DELETE', `/contacts/${contact.id}`);
    const change = await latest(asA, `crm://contacts/${contact.id}`);
    const missing = '00000000-0000-4000-8000-000000000000';
    const same = async (foreign: Promise<{ status: number; body: unknown }>, absent: Promise<{ status: number; body: unknown }>, id: string) => {
      const [f, a] = await Promise.all([foreign, absent]);
      expect(f.status).toBe(404);
      expect(JSON.stringify(f.body).replaceAll(id, missing)).toBe(JSON.stringify(a.body));
    };
    await same(asB('GET', `/timeline?record=crm://contacts/${contact.id}`), asB('GET', `/timeline?record=crm://contacts/${missing}`), contact.id);
    await same(undoSet(asB, change.changeSetId), undoSet(asB, missing), change.changeSetId);
    await same(asB('POST', `/changes/${change.changeId}/undo`), asB('POST', `/changes/${missing}/undo`), change.changeId);
    expect((await asB('GET', `/audit?record=crm://contacts/${contact.id}`)).body.items).toEqual([]);
    expect((await asB('GET', '/audit?limit=100')).body.items.every((item: { recordId: string }) => item.recordId !== contact.id)).toBe(true);
    const viaTool = await callTool(mcpB.client, 'change_undo', { changeSetId: change.changeSetId });
    expect(textOf(viaTool)).toMatch(new RegExp(`^Change set ${change.changeSetId} was not found\\.`));
    expect(textOf(await callTool(mcpB.client, 'timeline', { record: `crm://contacts/${contact.id}` }))).toMatch(/was not found/);
    // Still in A's trash.
    expect((await asA('GET', `/contacts/${contact.id}`)).status).toBe(404);
    expect((await t.prisma.contact.findUnique({ where: { id: contact.id } }))!.deletedAt).not.toBeNull();
  });
});
