import { randomUUID } from 'node:crypto';
import { cursorScope, encodeCursor } from '../server/src/common/pagination/cursor.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { createMember, signUp, type SignedUpAccount } from './support/accounts.js';
import { type Api, apiAs, createContact, createTicket } from './support/factories-contacts-tickets.js';
import type { TestApp } from './support/test-app.js';
import { startTwoTenants } from './support/two-tenants.js';
import { ISO_UTC } from './support/formats.js';

let testApp: TestApp;
let tenantA: SignedUpAccount;
let tenantB: SignedUpAccount;
let asA: Api;
let asB: Api;

beforeAll(async () => {
  ({ testApp, tenantA, tenantB, asA, asB } = await startTwoTenants());
}, 60_000);
afterAll(() => testApp.close());


function pathsOf(body: { errors?: { path: string }[] }): string[] {
  return (body.errors ?? []).map((issue) => issue.path).sort();
}

describe('contact lifecycle', () => {
  test('create, get, partial update, delete', async () => {
    const created = await asA('POST', '/contacts', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'Ada.Lovelace@Example.TEST',
      phone: '+44 20 7946 0958',
      company: 'Analytical Engines',
      jobTitle: 'Programmer',
      notes: 'First of her kind',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      name: 'Ada Lovelace',
      email: 'ada.lovelace@example.test',
      company: 'Analytical Engines',
      ownerId: null,
      createdById: tenantA.userId,
    });
    expect(created.body.createdAt).toMatch(ISO_UTC);
    expect(created.body.updatedAt).toMatch(ISO_UTC);
    const id = created.body.id;

    const fetched = await asA('GET', `/contacts/${id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);

    const updated = await asA('PATCH', `/contacts/${id}`, { company: 'Babbage & Co', phone: null });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ firstName: 'Ada', email: 'ada.lovelace@example.test', company: 'Babbage & Co', phone: null });
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));

    // searchText follows the update: the new company is found, the old one no longer.
    const byNew = await asA('GET', '/contacts?q=babbage');
    expect(byNew.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const byOld = await asA('GET', '/contacts?q=analytical');
    expect(byOld.body.items.map((c: { id: string }) => c.id)).not.toContain(id);

    const removed = await asA('DELETE', `/contacts/${id}`);
    expect(removed.status).toBe(204);
    expect((await asA('GET', `/contacts/${id}`)).status).toBe(404);
    expect((await asA('DELETE', `/contacts/${id}`)).status).toBe(404);
    expect((await asA('PATCH', `/contacts/${id}`, { company: 'x' })).status).toBe(404);
  });

  test('an empty update changes nothing', async () => {
    const contact = await createContact(asA);
    const response = await asA('PATCH', `/contacts/${contact.id}`, {});
    expect(response.status).toBe(200);
    expect(response.body).toEqual(contact);
  });

  test('delete detaches the deals, tickets and converted leads that referenced the contact', async () => {
    const contact = await createContact(asA);
    const ticket = await createTicket(asA, { contactId: contact.id });
    const prisma = testApp.app.get(PrismaClient);
    const stage = await prisma.stage.findFirstOrThrow({ where: { tenantId: tenantA.tenantId }, orderBy: { position: 'asc' } });
    const deal = await prisma.deal.create({
      data: {
        tenantId: tenantA.tenantId, title: 'Linked deal', value: '10.00', currency: 'USD',
        pipelineId: stage.pipelineId, stageId: stage.id, contactId: contact.id, createdById: tenantA.userId,
      },
    });
    const lead = await prisma.lead.create({
      data: {
        tenantId: tenantA.tenantId, name: 'Converted', status: 'CONVERTED', convertedAt: new Date(),
        convertedContactId: contact.id, createdById: tenantA.userId,
      },
    });

    expect((await asA('DELETE', `/contacts/${contact.id}`)).status).toBe(204);

    expect((await asA('GET', `/tickets/${ticket.id}`)).body.contactId).toBeNull();
    expect((await prisma.deal.findUniqueOrThrow({ where: { id: deal.id } })).contactId).toBeNull();
    const leadAfter = await prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(leadAfter).toMatchObject({ convertedContactId: null, status: 'CONVERTED' });
  });
});

describe('validation', () => {
  test.each([
    ['missing required field', {}, ['firstName']],
    ['wrong type', { firstName: 42 }, ['firstName']],
    ['blank name', { firstName: '   ' }, ['firstName']],
    ['unknown field', { firstName: 'A', nickname: 'x' }, ['nickname']],
    ['out of range', { firstName: 'x'.repeat(101) }, ['firstName']],
    ['bad email', { firstName: 'A', email: 'not-an-email' }, ['email']],
    ['bad uuid', { firstName: 'A', ownerId: 'me' }, ['ownerId']],
    ['several bad fields', { firstName: 1, email: 'x', phone: 7, extra: true }, ['email', 'extra', 'firstName', 'phone']],
  ])('create: %s -> 400 naming every bad field', async (_name, body, paths) => {
    const response = await asA('POST', '/contacts', body);
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.code).toBe('validation_failed');
    expect(pathsOf(response.body)).toEqual(paths);
    for (const issue of response.body.errors) expect(issue.message).toEqual(expect.any(String));
  });

  test('update: unknown field, null on a required field, bad email', async () => {
    const contact = await createContact(asA);
    const response = await asA('PATCH', `/contacts/${contact.id}`, { firstName: null, email: 'nope', id: randomUUID() });
    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['email', 'firstName', 'id']);
    expect((await asA('GET', `/contacts/${contact.id}`)).body).toEqual(contact);
  });

  test.each([
    ['limit out of range', 'limit=101', ['limit']],
    ['limit zero', 'limit=0', ['limit']],
    ['limit wrong type', 'limit=ten', ['limit']],
    ['bad sort enum', 'sort=age', ['sort']],
    ['bad direction enum', 'direction=sideways', ['direction']],
    ['bad datetime', 'createdAfter=yesterday', ['createdAfter']],
    ['bad owner uuid', 'ownerId=me', ['ownerId']],
    ['unknown parameter', 'colour=red', ['colour']],
    ['bad cursor', 'cursor=garbage', ['cursor']],
  ])('list: %s -> 400', async (_name, query, paths) => {
    const response = await asA('GET', `/contacts?${query}`);
    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(paths);
  });

  test('a cursor from another sort order is refused, not misread', async () => {
    await createContact(asA);
    await createContact(asA);
    const page = await asA('GET', '/contacts?sort=name&limit=1');
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const response = await asA('GET', `/contacts?sort=createdAt&cursor=${page.body.nextCursor}`);
    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['cursor']);
  });

  test('malformed JSON -> 400; malformed id -> 404 like a missing one', async () => {
    const badJson = await asA('POST', '/contacts', '{"firstName":');
    expect(badJson.status).toBe(400);
    const malformed = await asA('GET', '/contacts/not-a-uuid');
    expect(malformed.status).toBe(404);
    expect(malformed.body.detail).toBe('Contact not-a-uuid was not found.');
  });
});

describe('email uniqueness', () => {
  test('a duplicate email in the same tenant is 409 naming email, case-insensitively', async () => {
    await createContact(asA, { email: 'dup@example.test' });
    const duplicate = await asA('POST', '/contacts', { firstName: 'Twin', email: 'DUP@Example.test' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'conflict', field: 'email' });

    const other = await createContact(asA, { email: 'other@example.test' });
    const clash = await asA('PATCH', `/contacts/${other.id}`, { email: 'Dup@example.test' });
    expect(clash.status).toBe(409);
    expect(clash.body.field).toBe('email');
    expect((await asA('GET', `/contacts/${other.id}`)).body.email).toBe('other@example.test');
  });

  test('the same email in another tenant is fine', async () => {
    await createContact(asA, { email: 'shared@example.test' });
    const response = await asB('POST', '/contacts', { firstName: 'Shared', email: 'shared@example.test' });
    expect(response.status).toBe(201);
  });
});

describe('owner', () => {
  test('a member of the tenant can own contacts; the owner filter finds them', async () => {
    const member = await createMember(testApp.app, tenantA.tenantId);
    const owned = await createContact(asA, { ownerId: member.userId });
    expect(owned.ownerId).toBe(member.userId);
    const list = await asA('GET', `/contacts?ownerId=${member.userId}`);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([owned.id]);

    const cleared = await asA('PATCH', `/contacts/${owned.id}`, { ownerId: null });
    expect(cleared.body.ownerId).toBeNull();
  });

  test('another tenant\'s user, or no user, is refused as not found and nothing is written', async () => {
    const prisma = testApp.app.get(PrismaClient);
    const before = await prisma.contact.count({ where: { tenantId: tenantA.tenantId } });
    const foreign = await asA('POST', '/contacts', { firstName: 'X', ownerId: tenantB.userId });
    const missingId = randomUUID();
    const missing = await asA('POST', '/contacts', { firstName: 'X', ownerId: missingId });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.detail).toBe(`User ${tenantB.userId} was not found.`);
    expect({ ...foreign.body, detail: '' }).toEqual({ ...missing.body, detail: '' });
    expect(await prisma.contact.count({ where: { tenantId: tenantA.tenantId } })).toBe(before);

    const contact = await createContact(asA);
    const update = await asA('PATCH', `/contacts/${contact.id}`, { ownerId: tenantB.userId, company: 'Sneaky' });
    expect(update.status).toBe(404);
    expect((await asA('GET', `/contacts/${contact.id}`)).body).toEqual(contact);
  });
});

describe('search, filters and sort', () => {
  let grace: { id: string };
  let alan: { id: string };
  beforeAll(async () => {
    const account = await signUp(testApp.baseUrl);
    const api = apiAs(testApp.baseUrl, account.accessToken);
    grace = await createContact(api, {
      firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example', company: 'US Navy', phone: '+1 (555) 0100',
    });
    alan = await createContact(api, {
      firstName: 'Alan', lastName: 'Turing', email: 'alan@bletchley.example', company: 'Bletchley 100% Park', phone: '555_0199',
    });
    asSearch = api;
  });
  let asSearch: Api;
  const idsOf = async (query: string) =>
    ((await asSearch('GET', `/contacts?${query}`)).body.items as { id: string }[]).map((c) => c.id);

  test.each([
    ['first name, any case', 'GRACE'],
    ['last name fragment', 'oppe'],
    ['full name', 'grace%20hopper'],
    ['email fragment', 'navy.exa'],
    ['company', 'us%20navy'],
    ['phone as written', '(555)%200100'],
    ['phone digits only', '5550100'],
  ])('q matches %s', async (_name, q) => {
    expect(await idsOf(`q=${q}`)).toEqual([grace.id]);
  });

  test('LIKE wildcards in q are literal characters', async () => {
    expect(await idsOf('q=100%25')).toEqual([alan.id]);
    expect(await idsOf('q=5_0')).toEqual([alan.id]);
    expect(await idsOf('q=%25')).toEqual([alan.id]);
    expect(await idsOf('q=nobody-has-this')).toEqual([]);
  });

  test('company filter is exact and case-insensitive', async () => {
    expect(await idsOf('company=us%20NAVY')).toEqual([grace.id]);
    expect(await idsOf('company=us')).toEqual([]);
    expect(await idsOf('company=%25')).toEqual([]);
  });

  test('created range filter', async () => {
    const all = (await asSearch('GET', '/contacts?sort=createdAt&direction=asc')).body.items as { id: string; createdAt: string }[];
    const second = all[1]!;
    expect(await idsOf(`createdAfter=${second.createdAt}`)).toEqual([alan.id]);
    expect(await idsOf(`createdBefore=${second.createdAt}`)).toEqual([grace.id]);
    expect(await idsOf('createdAfter=2999-01-01T00:00:00Z')).toEqual([]);
  });

  test('sort by name, createdAt and updatedAt in both directions', async () => {
    expect(await idsOf('sort=name')).toEqual([grace.id, alan.id]); // Hopper < Turing
    expect(await idsOf('sort=name&direction=desc')).toEqual([alan.id, grace.id]);
    expect(await idsOf('sort=createdAt')).toEqual([alan.id, grace.id]);
    expect(await idsOf('sort=createdAt&direction=asc')).toEqual([grace.id, alan.id]);
    await asSearch('PATCH', `/contacts/${grace.id}`, { notes: 'touched' });
    expect(await idsOf('sort=updatedAt')).toEqual([grace.id, alan.id]);
  });

  test('includeTotal counts every match, not just the page', async () => {
    const response = await asSearch('GET', '/contacts?limit=1&includeTotal=true');
    expect(response.body.items).toHaveLength(1);
    expect(response.body.total).toBe(2);
    expect(response.body.nextCursor).toEqual(expect.any(String));
    expect((await asSearch('GET', '/contacts?limit=1')).body.total).toBeUndefined();
  });
});

describe('tenant isolation: tenant B against tenant A\'s contact', () => {
  test('every route answers not found or empty, and A\'s contact is unchanged', async () => {
    const member = await createMember(testApp.app, tenantA.tenantId);
    const secret = await createContact(asA, {
      firstName: 'Zebedee', lastName: 'Isolated', email: 'zebedee@tenant-a.example', company: 'TenantA Only', ownerId: member.userId,
    });
    const missingId = randomUUID();
    const notFound = async (method: string, path: string, body?: unknown) => {
      const [foreign, missing] = [await asB(method, path.replace(':id', secret.id), body), await asB(method, path.replace(':id', missingId), body)];
      expect(foreign.status).toBe(404);
      expect(foreign.body.detail.replace(secret.id, '?')).toBe(missing.body.detail.replace(missingId, '?'));
      expect({ ...foreign.body, detail: '', instance: '' }).toEqual({ ...missing.body, detail: '', instance: '' });
    };
    await notFound('GET', '/contacts/:id');
    await notFound('PATCH', '/contacts/:id', { firstName: 'Hijacked' });
    await notFound('DELETE', '/contacts/:id');

    for (const query of ['', 'q=zebedee', 'company=TenantA%20Only', `ownerId=${member.userId}`, 'sort=name', 'includeTotal=true']) {
      const list = await asB('GET', `/contacts?${query}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(secret.id);
      if (query !== '' && query !== 'sort=name' && query !== 'includeTotal=true') expect(list.body.items).toEqual([]);
    }
    // A well-formed cursor built from A's row positions nothing in B's list beyond B's own rows.
    const cursor = encodeCursor(cursorScope({}, 'createdAt', 'desc'), { key: secret.createdAt, id: secret.id });
    const paged = await asB('GET', `/contacts?cursor=${cursor}`);
    expect(paged.status).toBe(200);
    expect(paged.body.items.map((c: { id: string }) => c.id)).not.toContain(secret.id);

    // B may not make A's member the owner of B's contact.
    expect((await asB('POST', '/contacts', { firstName: 'B', ownerId: member.userId })).status).toBe(404);
    // The same email in B is B's own business; it neither conflicts nor touches A.
    expect((await asB('POST', '/contacts', { firstName: 'B', email: 'zebedee@tenant-a.example' })).status).toBe(201);

    expect((await asA('GET', `/contacts/${secret.id}`)).body).toEqual(secret);
  });
});
