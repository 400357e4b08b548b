import { randomUUID } from 'node:crypto';
import type { TaskOutput } from '../server/src/tasks/tasks.schemas.js';
import { createMember, signUp, type CreatedMember, type SignedUpAccount } from './support/accounts.js';
import { type Api, apiAs, collectPages, createContact } from './support/factories-contacts-tickets.js';
import { createDeal } from './support/factories-deals-leads.js';
import { ISO_UTC } from './support/formats.js';
import type { TestApp } from './support/test-app.js';
import { startTwoTenants } from './support/two-tenants.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';

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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

async function task(api: Api, body: Record<string, unknown> = {}): Promise<TaskOutput> {
  const response = await api<TaskOutput>('POST', '/tasks', { title: 'Follow up', dueAt: inHours(24), ...body });
  if (response.status !== 201) throw new Error(`create task: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

function pathsOf(body: { errors?: { path: string }[] }): string[] {
  return (body.errors ?? []).map((issue) => issue.path);
}

const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

describe('task lifecycle', () => {
  test('create with defaults, get, update with If-Match, delete', async () => {
    const created = await asA<TaskOutput>('POST', '/tasks', { title: 'Call Ada', dueAt: '2026-12-04T17:00:00+01:00' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Call Ada', dueAt: '2026-12-04T16:00:00.000Z', status: 'open', priority: 'MEDIUM',
      assigneeId: tenantA.userId, links: [], completedAt: null, completedById: null, createdById: tenantA.userId, version: 1,
    });
    expect(created.body.updatedAt).toMatch(ISO_UTC);
    expect(created.etag).toBe('"1"');
    const id = created.body.id;
    expect((await asA('GET', `/tasks/${id}`)).body).toEqual(created.body);

    const stale = await asA('PATCH', `/tasks/${id}`, { title: 'Late' }, { 'if-match': '"4"' });
    expect([stale.status, stale.body.currentVersion]).toEqual([412, 1]);
    const updated = await asA<TaskOutput>('PATCH', `/tasks/${id}`, { title: 'Call Ada back', priority: 'URGENT', dueAt: '2026-12-05T09:30:00Z' }, { 'if-match': '"1"' });
    expect(updated.body).toMatchObject({ title: 'Call Ada back', priority: 'URGENT', dueAt: '2026-12-05T09:30:00.000Z', version: 2, status: 'open' });
    const unassigned = await asA<TaskOutput>('PATCH', `/tasks/${id}`, { assigneeId: null });
    expect(unassigned.body.assigneeId).toBeNull();

    expect((await asA('DELETE', `/tasks/${id}`, undefined, { 'if-match': '"2"' })).status).toBe(412);
    expect((await asA('DELETE', `/tasks/${id}`)).status).toBe(204);
    expect((await asA('GET', `/tasks/${id}`)).status).toBe(404);
    expect((await asA('PATCH', `/tasks/${id}`, { status: 'done' })).status).toBe(404);
    expect(idsOf((await asA('GET', '/tasks?limit=100')).body)).not.toContain(id);
    expect((await prisma.task.findUnique({ where: { id } }))?.deletedAt).toBeInstanceOf(Date);
  });

  test('completing records when and by whom; reopening clears both', async () => {
    const member = await createMember(testApp.app, tenantA.tenantId);
    const created = await task(asA, { assigneeId: member.userId });
    expect(created.assigneeId).toBe(member.userId);
    const before = Date.now();
    const done = await apiAs(testApp.baseUrl, member.accessToken)<TaskOutput>('PATCH', `/tasks/${created.id}`, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', completedById: member.userId });
    expect(new Date(done.body.completedAt!).getTime()).toBeGreaterThanOrEqual(before - 1_000);
    // Done again changes nothing about who completed it.
    const again = await asA<TaskOutput>('PATCH', `/tasks/${created.id}`, { status: 'done', title: 'Renamed' });
    expect(again.body).toMatchObject({ completedById: member.userId, completedAt: done.body.completedAt, title: 'Renamed' });
    const reopened = await asA<TaskOutput>('PATCH', `/tasks/${created.id}`, { status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', completedAt: null, completedById: null });
  });

  test('two members completing at once: one stamps it, the other succeeds after it or is told to re-read', async () => {
    const [first, second] = await Promise.all([createMember(testApp.app, tenantA.tenantId), createMember(testApp.app, tenantA.tenantId)]);
    const created = await task(asA);
    const answers = await Promise.all([first, second].map((member) =>
      apiAs(testApp.baseUrl, member.accessToken)<TaskOutput>('PATCH', `/tasks/${created.id}`, { status: 'done' })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toContain(200);
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    const now = (await asA<TaskOutput>('GET', `/tasks/${created.id}`)).body;
    // Stamped once: by whoever moved it from open, and only that write changed the status.
    expect([first.userId, second.userId]).toContain(now.completedById);
    expect(answers.filter((answer) => answer.status === 200).every((answer) => answer.body.completedById === now.completedById)).toBe(true);
    expect(now.version).toBe(1 + statuses.filter((status) => status === 200).length);
  });

  test('links to records: set, replace, clear; a record filter finds them', async () => {
    const contact = await createContact(asA);
    const deal = await createDeal(asA);
    const linked = await task(asA, { links: [{ kind: 'contact', id: contact.id }] });
    expect(idsOf((await asA('GET', `/tasks?record=crm://contacts/${contact.id}`)).body)).toEqual([linked.id]);
    const moved = await asA<TaskOutput>('PATCH', `/tasks/${linked.id}`, { links: [{ kind: 'deal', id: deal.id }] });
    expect(moved.body.links).toEqual([{ kind: 'deal', id: deal.id }]);
    expect((await asA('GET', `/tasks?record=crm://contacts/${contact.id}`)).body.items).toEqual([]);
    expect(idsOf((await asA('GET', `/tasks?record=crm://deals/${deal.id}`)).body)).toEqual([linked.id]);
    const cleared = await asA<TaskOutput>('PATCH', `/tasks/${linked.id}`, { links: [] });
    expect(cleared.body.links).toEqual([]);
  });
});

describe('validation', () => {
  test.each([
    ['a blank title', { title: '  ' }, 'title'],
    ['a title over 200 characters', { title: 'x'.repeat(201) }, 'title'],
    ['a due time without an offset', { dueAt: '2026-12-04T17:00:00' }, 'dueAt'],
    ['a date without a time', { dueAt: '2026-12-04' }, 'dueAt'],
    ['a day that does not exist', { dueAt: '2026-02-30T10:00:00Z' }, 'dueAt'],
    ['a due time that is not a date', { dueAt: 'tomorrow' }, 'dueAt'],
    ['an unknown priority', { priority: 'SOMEDAY' }, 'priority'],
    ['a status on create', { status: 'done' }, 'status'],
    ['a link of an unknown kind', { links: [{ kind: 'task', id: randomUUID() }] }, 'links.0.kind'],
  ])('%s is a 400 naming the field, and nothing is written', async (_label, change, path) => {
    const before = await prisma.task.count();
    const response = await asA('POST', '/tasks', { title: 'Fine', dueAt: inHours(1), ...change });
    expect([response.status, response.body.code, pathsOf(response.body)]).toEqual([400, 'validation_failed', [path]]);
    expect(await prisma.task.count()).toBe(before);
  });

  test('an assignee who is not a member of the workspace is not found, naming assigneeId', async () => {
    const stranger = randomUUID();
    const absent = await asA('POST', '/tasks', { title: 'x', dueAt: inHours(1), assigneeId: stranger });
    expect([absent.status, absent.body.code, pathsOf(absent.body)]).toEqual([404, 'not_found', ['assigneeId']]);
    expect(absent.body.detail).toMatch(/\.$/);
    const otherWorkspace = await asA('POST', '/tasks', { title: 'x', dueAt: inHours(1), assigneeId: tenantB.userId });
    expect(JSON.stringify(otherWorkspace.body).split(tenantB.userId).join(stranger)).toBe(JSON.stringify(absent.body));
    const mine = await task(asA);
    const reassigned = await asA('PATCH', `/tasks/${mine.id}`, { assigneeId: tenantB.userId });
    expect([reassigned.status, pathsOf(reassigned.body)]).toEqual([404, ['assigneeId']]);
  });

  test('a link to a missing or foreign record is not found, naming the link', async () => {
    const foreign = await createContact(asB);
    const response = await asA('POST', '/tasks', { title: 'x', dueAt: inHours(1), links: [{ kind: 'contact', id: foreign.id }] });
    expect([response.status, pathsOf(response.body)]).toEqual([404, ['links.0.id']]);
  });

  test('bad list filters are 400s naming the parameter', async () => {
    for (const [query, path] of [
      ['dueWithin=month', 'dueWithin'],
      ['dueWithin=week&timezone=Mars/Olympus', 'timezone'],
      ['dueBefore=2026-12-04', 'dueBefore'],
      ['dueAfter=soon', 'dueAfter'],
      ['overdue=maybe', 'overdue'],
      ['status=finished', 'status'],
      ['record=crm://pipelines/' + randomUUID(), 'record'],
      [`mine=true&assigneeId=${randomUUID()}`, 'assigneeId'],
      ['overdue=true&status=done', 'status'],
    ] as const) {
      const response = await asA('GET', `/tasks?${query}`);
      expect([query, response.status, pathsOf(response.body)]).toEqual([query, 400, [path]]);
    }
  });
});

describe('filters', () => {
  // A workspace of its own, so every list below knows all its tasks.
  let owner: SignedUpAccount;
  let asOwner: Api;
  let member: CreatedMember;
  const t: Record<string, TaskOutput> = {};

  beforeAll(async () => {
    owner = await signUp(testApp.baseUrl);
    asOwner = apiAs(testApp.baseUrl, owner.accessToken);
    member = await createMember(testApp.app, owner.tenantId);
    const contact = await createContact(asOwner);
    t.contact = { id: contact.id } as TaskOutput;
    t.mineOverdue = await task(asOwner, { title: 'mine overdue', dueAt: inHours(-48) });
    t.mineDonePast = await task(asOwner, { title: 'mine done, past due', dueAt: inHours(-72) });
    await asOwner('PATCH', `/tasks/${t.mineDonePast.id}`, { status: 'done' });
    t.mineLater = await task(asOwner, { title: 'mine later', dueAt: inHours(24 * 30), links: [{ kind: 'contact', id: contact.id }] });
    t.theirsOverdue = await task(asOwner, { title: 'theirs overdue', dueAt: inHours(-1), assigneeId: member.userId });
    t.theirsLater = await task(asOwner, { title: 'theirs later', dueAt: inHours(24 * 40), assigneeId: member.userId, links: [{ kind: 'contact', id: contact.id }] });
    t.nobodys = await task(asOwner, { title: 'nobody\'s', dueAt: inHours(24 * 50), assigneeId: null });
  }, 60_000);

  const list = async (query: string, api: Api = asOwner) => {
    const response = await api('GET', `/tasks?limit=100&${query}`);
    if (response.status !== 200) throw new Error(`${query}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.items.map((item: TaskOutput) => item.title);
  };

  test('everything, soonest due first (desc: latest first)', async () => {
    const all = ['mine done, past due', 'mine overdue', 'theirs overdue', 'mine later', 'theirs later', 'nobody\'s'];
    expect(await list('')).toEqual(all);
    expect(await list('direction=desc')).toEqual([...all].reverse());
  });

  test('my open tasks, and mine of any status', async () => {
    expect(await list('mine=true&status=open')).toEqual(['mine overdue', 'mine later']);
    expect(await list('mine=true')).toEqual(['mine done, past due', 'mine overdue', 'mine later']);
    expect(await list('mine=true&status=open', apiAs(testApp.baseUrl, member.accessToken))).toEqual(['theirs overdue', 'theirs later']);
    expect(await list(`mine=true&assigneeId=${owner.userId}`)).toEqual(['mine done, past due', 'mine overdue', 'mine later']);
  });

  test('by assignee and by status', async () => {
    expect(await list(`assigneeId=${member.userId}`)).toEqual(['theirs overdue', 'theirs later']);
    expect(await list('status=done')).toEqual(['mine done, past due']);
    expect(await list('status=open')).toEqual(['mine overdue', 'theirs overdue', 'mine later', 'theirs later', 'nobody\'s']);
  });

  test('overdue: open and past due, for everyone or for me', async () => {
    expect(await list('overdue=true')).toEqual(['mine overdue', 'theirs overdue']);
    expect(await list('overdue=true&mine=true')).toEqual(['mine overdue']);
    expect(await list('overdue=true&status=open')).toEqual(['mine overdue', 'theirs overdue']);
    expect(await list(`overdue=true&assigneeId=${member.userId}`)).toEqual(['theirs overdue']);
  });

  test('due before and after, and by record', async () => {
    expect(await list(`dueAfter=${encodeURIComponent(inHours(0))}`)).toEqual(['mine later', 'theirs later', 'nobody\'s']);
    expect(await list(`dueBefore=${encodeURIComponent(inHours(-24))}`)).toEqual(['mine done, past due', 'mine overdue']);
    expect(await list(`dueAfter=${encodeURIComponent(inHours(-50))}&dueBefore=${encodeURIComponent(inHours(0))}`))
      .toEqual(['mine overdue', 'theirs overdue']);
    expect(await list(`record=crm://contacts/${t.contact!.id}`)).toEqual(['mine later', 'theirs later']);
    expect(await list(`record=crm://contacts/${t.contact!.id}&mine=true`)).toEqual(['mine later']);
  });

  test('due this week (Monday 00:00 to Monday 00:00) and today, on the caller\'s clock', async () => {
    const fresh = await signUp(testApp.baseUrl);
    const api = apiAs(testApp.baseUrl, fresh.accessToken);
    // Worked out here with plain arithmetic on fixed-offset zones (no daylight saving).
    const window = (offsetHours: number, days: 1 | 7) => {
      const wall = new Date(Date.now() + offsetHours * HOUR);
      const midnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
      const start = (days === 7 ? midnight - ((wall.getUTCDay() + 6) % 7) * DAY : midnight) - offsetHours * HOUR;
      return { start, end: start + days * DAY };
    };
    const expectations: [string, number, 1 | 7][] = [['UTC', 0, 7], ['Asia/Tokyo', 9, 7], ['America/Bogota', -5, 7], ['Asia/Tokyo', 9, 1]];
    for (const [zone, offset, days] of expectations) {
      const { start, end } = window(offset, days);
      const at = (ms: number) => new Date(ms).toISOString();
      const label = `${zone}/${days}`;
      const edges = {
        [`${label} just before`]: start - 60_000,
        [`${label} first minute`]: start,
        [`${label} last minute`]: end - 60_000,
        [`${label} just after`]: end,
      };
      for (const [title, due] of Object.entries(edges)) await task(api, { title, dueAt: at(due) });
      const query = `dueWithin=${days === 7 ? 'week' : 'today'}&timezone=${encodeURIComponent(zone)}`;
      const titles = (await list(query, api)).filter((title: string) => title.startsWith(`${label} `));
      expect([label, titles]).toEqual([label, [`${label} first minute`, `${label} last minute`]]);
    }
    // Without a timezone the week is UTC's.
    const utc = (await list('dueWithin=week', api)).filter((title: string) => title.startsWith('UTC/7 '));
    expect(utc).toEqual(['UTC/7 first minute', 'UTC/7 last minute']);
  });

  test('another workspace sees none of these, whatever the filter', async () => {
    for (const query of ['', 'overdue=true', 'status=done', `record=crm://contacts/${t.contact!.id}`, `assigneeId=${member.userId}`]) {
      expect(await list(query, asB)).toEqual(expect.not.arrayContaining(['mine overdue', 'theirs overdue', 'mine later']));
    }
    expect(await list(`record=crm://contacts/${t.contact!.id}`, asB)).toEqual([]);
  });
});

test('keyset pages by due time, both directions, ties broken by id, every task once', async () => {
  const fresh = await signUp(testApp.baseUrl);
  const api = apiAs(testApp.baseUrl, fresh.accessToken);
  const shared = inHours(5);
  const created: TaskOutput[] = [];
  for (let i = 0; i < 17; i += 1) created.push(await task(api, { title: `Page ${i}`, dueAt: i % 3 === 0 ? shared : inHours(i - 8) }));
  const order = [...created].sort((x, y) => x.dueAt.localeCompare(y.dueAt) || x.id.localeCompare(y.id)).map((x) => x.id);
  const ascending = await collectPages(api, '/tasks?limit=4');
  expect([ascending.pages, ascending.ids]).toEqual([5, order]);
  const descending = await collectPages(api, '/tasks?limit=4&direction=desc');
  expect(descending.ids).toEqual([...order].reverse());
  const overdue = await collectPages(api, '/tasks?limit=2&overdue=true');
  expect(overdue.ids).toEqual(order.filter((id) => created.find((x) => x.id === id)!.dueAt < new Date().toISOString()));
  const first = await api('GET', '/tasks?limit=4&includeTotal=true');
  expect(first.body.total).toBe(17);
  const mismatched = await api('GET', `/tasks?limit=4&overdue=true&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  expect([mismatched.status, pathsOf(mismatched.body)]).toEqual([400, ['cursor']]);
});

test('removing a member unassigns their tasks', async () => {
  const leaving = await createMember(testApp.app, tenantA.tenantId);
  const theirs = await task(asA, { assigneeId: leaving.userId });
  expect((await asA('DELETE', `/members/${leaving.userId}`)).status).toBe(204);
  expect((await asA<TaskOutput>('GET', `/tasks/${theirs.id}`)).body).toMatchObject({ assigneeId: null, version: 2 });
});
