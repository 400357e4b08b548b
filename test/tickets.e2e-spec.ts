import { randomUUID } from 'node:crypto';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { TICKET_TRANSITIONS } from '../server/src/tickets/ticket-transitions.js';
import { TICKET_STATUSES, type TicketOutput } from '../server/src/tickets/tickets.schemas.js';
import { createMember, signUp, type SignedUpAccount } from './support/accounts.js';
import { type Api, apiAs, collectPages, createContact, createTicket } from './support/factories-contacts-tickets.js';
import type { TestApp } from './support/test-app.js';
import { startTwoTenants } from './support/two-tenants.js';
import { ISO_UTC } from './support/formats.js';

let testApp: TestApp;
let tenantA: SignedUpAccount;
let tenantB: SignedUpAccount;
let asA: Api;
let asB: Api;
let prisma: PrismaClient;

beforeAll(async () => {
  ({ testApp, tenantA, tenantB, asA, asB, prisma } = await startTwoTenants());
}, 60_000);
afterAll(() => testApp.close());

type Status = (typeof TICKET_STATUSES)[number];

function pathsOf(body: { errors?: { path: string }[] }): string[] {
  return (body.errors ?? []).map((issue) => issue.path).sort();
}

/** A fresh ticket walked into `status` along legal moves. */
async function ticketIn(status: Status, api: Api = asA): Promise<TicketOutput> {
  const ticket = await createTicket(api);
  const path: Record<Status, Status[]> = {
    OPEN: [], IN_PROGRESS: ['IN_PROGRESS'], WAITING: ['WAITING'], RESOLVED: ['RESOLVED'], CLOSED: ['CLOSED'],
  };
  let current = ticket;
  for (const step of path[status]) {
    const moved = await api<TicketOutput>('PATCH', `/tickets/${ticket.id}`, { status: step });
    expect(moved.status).toBe(200);
    current = moved.body;
  }
  return current;
}

describe('ticket lifecycle', () => {
  test('create with defaults, get, update, delete', async () => {
    const created = await asA('POST', '/tickets', { subject: 'Printer on fire' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      subject: 'Printer on fire', description: null, status: 'OPEN', priority: 'MEDIUM',
      contactId: null, assigneeId: null, resolvedAt: null, closedAt: null, createdById: tenantA.userId,
    });
    expect(created.body.createdAt).toMatch(ISO_UTC);
    const id = created.body.id;
    expect((await asA('GET', `/tickets/${id}`)).body).toEqual(created.body);

    const updated = await asA('PATCH', `/tickets/${id}`, { priority: 'URGENT', description: 'Smoke everywhere' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ subject: 'Printer on fire', priority: 'URGENT', description: 'Smoke everywhere', status: 'OPEN' });
    const cleared = await asA('PATCH', `/tickets/${id}`, { description: null, priority: 'LOW' });
    expect(cleared.body).toMatchObject({ description: null, priority: 'LOW' });

    expect((await asA('DELETE', `/tickets/${id}`)).status).toBe(204);
    expect((await asA('GET', `/tickets/${id}`)).status).toBe(404);
    expect((await asA('DELETE', `/tickets/${id}`)).status).toBe(404);
  });

  test('contact and assignee links: set, change, clear', async () => {
    const contact = await createContact(asA);
    const member = await createMember(testApp.app, tenantA.tenantId);
    const ticket = await createTicket(asA, { contactId: contact.id, assigneeId: member.userId, priority: 'HIGH' });
    expect(ticket).toMatchObject({ contactId: contact.id, assigneeId: member.userId, priority: 'HIGH' });
    const reassigned = await asA('PATCH', `/tickets/${ticket.id}`, { assigneeId: tenantA.userId });
    expect(reassigned.body.assigneeId).toBe(tenantA.userId);
    const cleared = await asA('PATCH', `/tickets/${ticket.id}`, { assigneeId: null, contactId: null });
    expect(cleared.body).toMatchObject({ assigneeId: null, contactId: null });
  });

  test('assignee outside the tenant, or a foreign contact, is refused as not found and nothing is written', async () => {
    const foreignContact = await createContact(asB);
    const before = await prisma.ticket.count({ where: { tenantId: tenantA.tenantId } });
    const foreignUser = await asA('POST', '/tickets', { subject: 'x', assigneeId: tenantB.userId });
    const noUser = await asA('POST', '/tickets', { subject: 'x', assigneeId: randomUUID() });
    const otherContact = await asA('POST', '/tickets', { subject: 'x', contactId: foreignContact.id });
    const noContact = await asA('POST', '/tickets', { subject: 'x', contactId: randomUUID() });
    for (const response of [foreignUser, noUser, otherContact, noContact]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not_found');
    }
    expect(foreignUser.body.detail).toBe(`User ${tenantB.userId} was not found.`);
    expect(otherContact.body.detail).toBe(`Contact ${foreignContact.id} was not found.`);
    expect(await prisma.ticket.count({ where: { tenantId: tenantA.tenantId } })).toBe(before);

    const ticket = await createTicket(asA);
    const update = await asA('PATCH', `/tickets/${ticket.id}`, { subject: 'changed', assigneeId: tenantB.userId });
    expect(update.status).toBe(404);
    expect((await asA('GET', `/tickets/${ticket.id}`)).body).toEqual(ticket);
  });
});

describe('status workflow', () => {
  const moves = TICKET_STATUSES.flatMap((from) =>
    TICKET_STATUSES.filter((to) => to !== from).map((to) => ({ from, to, legal: from !== 'CLOSED' && TICKET_TRANSITIONS[from].includes(to) })),
  );

  test.each(moves)('$from -> $to by update (legal: $legal)', async ({ from, to, legal }) => {
    const ticket = await ticketIn(from);
    const response = await asA('PATCH', `/tickets/${ticket.id}`, { status: to });
    if (legal) {
      expect(response.status).toBe(200);
      expect(response.body.status).toBe(to);
    } else {
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('invalid_transition');
      expect(response.body.allowed).toEqual([...TICKET_TRANSITIONS[from]]);
      expect((await asA('GET', `/tickets/${ticket.id}`)).body).toEqual(ticket);
    }
  });

  test('the table itself: CLOSED leads only back to OPEN', () => {
    expect(TICKET_TRANSITIONS.CLOSED).toEqual(['OPEN']);
  });

  test('resolvedAt and closedAt follow the status; re-opening clears them', async () => {
    const ticket = await createTicket(asA);
    const resolved = (await asA('PATCH', `/tickets/${ticket.id}`, { status: 'RESOLVED' })).body;
    expect(resolved.resolvedAt).toMatch(ISO_UTC);
    expect(resolved.closedAt).toBeNull();
    const closed = (await asA('PATCH', `/tickets/${ticket.id}`, { status: 'CLOSED' })).body;
    expect(closed.resolvedAt).toBe(resolved.resolvedAt);
    expect(closed.closedAt).toMatch(ISO_UTC);
    const reopened = await asA('POST', `/tickets/${ticket.id}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'OPEN', resolvedAt: null, closedAt: null });
  });

  test('a CLOSED ticket refuses every other change, and re-opens only explicitly', async () => {
    const closed = await ticketIn('CLOSED');
    for (const body of [{ status: 'OPEN' }, { priority: 'HIGH' }, { subject: 'edit' }, { status: 'OPEN', reopen: false }]) {
      const response = await asA('PATCH', `/tickets/${closed.id}`, body);
      expect(response.status).toBe(422);
      expect(response.body.allowed).toEqual(['OPEN']);
      expect(response.body.detail).toContain('reopen');
    }
    expect((await asA('GET', `/tickets/${closed.id}`)).body).toEqual(closed);
    // Asking for no change is not a change.
    expect((await asA('PATCH', `/tickets/${closed.id}`, {})).body).toEqual(closed);

    const viaFlag = await asA('PATCH', `/tickets/${closed.id}`, { status: 'OPEN', reopen: true, priority: 'URGENT' });
    expect(viaFlag.status).toBe(200);
    expect(viaFlag.body).toMatchObject({ status: 'OPEN', priority: 'URGENT', closedAt: null });

    const again = await ticketIn('CLOSED');
    const viaRoute = await asA('POST', `/tickets/${again.id}/reopen`);
    expect(viaRoute.status).toBe(200);
    expect(viaRoute.body.status).toBe('OPEN');
  });

  test('reopen from other states follows the same table', async () => {
    const waiting = await ticketIn('WAITING');
    const refused = await asA('POST', `/tickets/${waiting.id}/reopen`);
    expect(refused.status).toBe(422);
    expect(refused.body.allowed).toEqual([...TICKET_TRANSITIONS.WAITING]);
    const resolved = await ticketIn('RESOLVED');
    expect((await asA('POST', `/tickets/${resolved.id}/reopen`)).body.status).toBe('OPEN');
    const open = await ticketIn('OPEN');
    const same = await asA('POST', `/tickets/${open.id}/reopen`);
    expect(same.status).toBe(200);
    expect(same.body.status).toBe('OPEN');
  });

  test('reopen: true with any status but OPEN is a validation error', async () => {
    const ticket = await ticketIn('CLOSED');
    const response = await asA('PATCH', `/tickets/${ticket.id}`, { status: 'IN_PROGRESS', reopen: true });
    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['reopen']);
  });
});

describe('validation', () => {
  test.each([
    ['missing required field', {}, ['subject']],
    ['wrong type', { subject: 'x', priority: 5 }, ['priority']],
    ['unknown field', { subject: 'x', severity: 'high' }, ['severity']],
    ['status is not settable on create', { subject: 'x', status: 'CLOSED' }, ['status']],
    ['out of range', { subject: 'x'.repeat(201) }, ['subject']],
    ['blank subject', { subject: '  ' }, ['subject']],
    ['bad enum', { subject: 'x', priority: 'CRITICAL' }, ['priority']],
    ['bad uuid', { subject: 'x', contactId: 'c-1', assigneeId: 7 }, ['assigneeId', 'contactId']],
  ])('create: %s -> 400 naming every bad field', async (_name, body, paths) => {
    const response = await asA('POST', '/tickets', body);
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(pathsOf(response.body)).toEqual(paths);
  });

  test('update: bad enum, wrong type, unknown field', async () => {
    const ticket = await createTicket(asA);
    const response = await asA('PATCH', `/tickets/${ticket.id}`, { status: 'DONE', reopen: 'yes', createdAt: 'now' });
    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['createdAt', 'reopen', 'status']);
  });

  test.each([
    ['bad status in a list', 'status=OPEN,DONE', ['status.1']],
    ['bad priority', 'priority=CRITICAL', ['priority.0']],
    ['limit out of range', 'limit=500', ['limit']],
    ['bad assignee uuid', 'assigneeId=bob', ['assigneeId']],
    ['unknown parameter', 'sort=subject', ['sort']],
    ['bad cursor', 'cursor=abc', ['cursor']],
  ])('list: %s -> 400', async (_name, query, paths) => {
    const response = await asA('GET', `/tickets?${query}`);
    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(paths);
  });

  test('malformed id -> 404 like a missing one', async () => {
    const response = await asA('POST', '/tickets/42/reopen');
    expect(response.status).toBe(404);
    expect(response.body.detail).toBe('Ticket 42 was not found.');
  });
});

describe('list filters, search and pagination', () => {
  let api: Api;
  let account: SignedUpAccount;
  const made: Record<string, TicketOutput> = {};
  beforeAll(async () => {
    account = await signUp(testApp.baseUrl);
    api = apiAs(testApp.baseUrl, account.accessToken);
    const member = await createMember(testApp.app, account.tenantId);
    const contact = await createContact(api);
    made.openLow = await createTicket(api, { subject: 'Password reset', priority: 'LOW' });
    made.progressHigh = await createTicket(api, { subject: 'VPN down', priority: 'HIGH', assigneeId: member.userId });
    await api('PATCH', `/tickets/${made.progressHigh.id}`, { status: 'IN_PROGRESS' });
    made.waitingUrgent = await createTicket(api, { subject: 'Invoice 100% wrong', description: 'Billing says PAID_TWICE', priority: 'URGENT', contactId: contact.id });
    await api('PATCH', `/tickets/${made.waitingUrgent.id}`, { status: 'WAITING' });
    made.closed = await createTicket(api, { subject: 'Old thing', contactId: contact.id, assigneeId: member.userId });
    await api('PATCH', `/tickets/${made.closed.id}`, { status: 'CLOSED' });
    made.member = { ...made.progressHigh, assigneeId: member.userId };
    made.contact = { ...made.waitingUrgent, contactId: contact.id };
  });
  const idsOf = async (query: string) => ((await api('GET', `/tickets?${query}`)).body.items as { id: string }[]).map((t) => t.id);

  test('status: one or several, comma-separated or repeated', async () => {
    expect(await idsOf('status=OPEN')).toEqual([made.openLow!.id]);
    expect(await idsOf('status=OPEN,IN_PROGRESS')).toEqual([made.progressHigh!.id, made.openLow!.id]);
    expect(await idsOf('status=WAITING&status=CLOSED')).toEqual([made.closed!.id, made.waitingUrgent!.id]);
  });

  test('priority, assignee and contact filters', async () => {
    expect(await idsOf('priority=HIGH,URGENT')).toEqual([made.waitingUrgent!.id, made.progressHigh!.id]);
    expect(await idsOf(`assigneeId=${made.member!.assigneeId}`)).toEqual([made.closed!.id, made.progressHigh!.id]);
    expect(await idsOf(`contactId=${made.contact!.contactId}&status=WAITING`)).toEqual([made.waitingUrgent!.id]);
  });

  test('q searches subject and description, case-insensitively and literally', async () => {
    expect(await idsOf('q=vpn')).toEqual([made.progressHigh!.id]);
    expect(await idsOf('q=paid_twice')).toEqual([made.waitingUrgent!.id]);
    expect(await idsOf('q=100%25')).toEqual([made.waitingUrgent!.id]);
    expect(await idsOf('q=%25')).toEqual([made.waitingUrgent!.id]);
    expect(await idsOf('q=_')).toEqual([made.waitingUrgent!.id]);
    expect(await idsOf('q=nothing-like-this')).toEqual([]);
  });

  test('newest first by default; direction=asc reverses', async () => {
    const desc = await idsOf('');
    expect(desc).toEqual([made.closed!.id, made.waitingUrgent!.id, made.progressHigh!.id, made.openLow!.id]);
    expect(await idsOf('direction=asc')).toEqual([...desc].reverse());
    expect((await api('GET', '/tickets?includeTotal=true&limit=1&status=OPEN,CLOSED')).body).toMatchObject({ total: 2 });
  });

  test.each(['desc', 'asc'])('pages (%s) have no duplicates and no gaps under concurrent inserts', async (direction) => {
    for (let i = 0; i < 20; i += 1) await createTicket(api, { subject: `Bulk ${i}` });
    const originals = (await prisma.ticket.findMany({
      where: { tenantId: account.tenantId },
      orderBy: [{ createdAt: direction as 'asc' | 'desc' }, { id: direction as 'asc' | 'desc' }],
      select: { id: true },
    })).map((row) => row.id);
    const inserts: Promise<unknown>[] = [];
    const { ids } = await collectPages(api, `/tickets?limit=3&direction=${direction}`, async () => {
      inserts.push(createTicket(api, { subject: 'Racing insert' }), createTicket(api, { subject: 'Racing insert' }));
    });
    await Promise.all(inserts);
    expect(new Set(ids).size).toBe(ids.length);
    const originalSet = new Set(originals);
    expect(ids.filter((id) => originalSet.has(id))).toEqual(originals);
    if (direction === 'desc') expect(ids).toEqual(originals);
  });
});

describe('tenant isolation: tenant B against tenant A\'s ticket', () => {
  test('every route answers not found or empty, and A\'s ticket is unchanged', async () => {
    const member = await createMember(testApp.app, tenantA.tenantId);
    const contact = await createContact(asA);
    const secret = await createTicket(asA, {
      subject: 'Zanzibar secret', priority: 'URGENT', contactId: contact.id, assigneeId: member.userId,
    });
    const closedSecret = await ticketIn('CLOSED');
    const missingId = randomUUID();
    const sameAsMissing = async (method: string, path: string, id: string, body?: unknown) => {
      const foreign = await asB(method, path.replace(':id', id), body);
      const missing = await asB(method, path.replace(':id', missingId), body);
      expect(foreign.status).toBe(404);
      expect(foreign.body.detail.replace(id, '?')).toBe(missing.body.detail.replace(missingId, '?'));
      expect({ ...foreign.body, detail: '', instance: '' }).toEqual({ ...missing.body, detail: '', instance: '' });
    };
    await sameAsMissing('GET', '/tickets/:id', secret.id);
    await sameAsMissing('PATCH', '/tickets/:id', secret.id, { priority: 'LOW' });
    await sameAsMissing('PATCH', '/tickets/:id', secret.id, { status: 'CLOSED' });
    await sameAsMissing('POST', '/tickets/:id/reopen', closedSecret.id);
    await sameAsMissing('DELETE', '/tickets/:id', secret.id);

    for (const query of ['', 'q=zanzibar', `contactId=${contact.id}`, `assigneeId=${member.userId}`, 'status=OPEN&priority=URGENT', 'includeTotal=true']) {
      const list = await asB('GET', `/tickets?${query}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((t: { id: string }) => t.id)).not.toContain(secret.id);
      if (query) expect(list.body.items).toEqual([]);
    }

    // B cannot point its own tickets at A's contact or A's member.
    const before = await prisma.ticket.count({ where: { tenantId: tenantB.tenantId } });
    expect((await asB('POST', '/tickets', { subject: 'x', contactId: contact.id })).status).toBe(404);
    expect((await asB('POST', '/tickets', { subject: 'x', assigneeId: member.userId })).status).toBe(404);
    const own = await createTicket(asB);
    expect((await asB('PATCH', `/tickets/${own.id}`, { contactId: contact.id })).status).toBe(404);
    expect(await prisma.ticket.count({ where: { tenantId: tenantB.tenantId } })).toBe(before + 1);

    expect((await asA('GET', `/tickets/${secret.id}`)).body).toEqual(secret);
    expect((await asA('GET', `/tickets/${closedSecret.id}`)).body).toEqual(closedSecret);
  });
});
