import { randomUUID } from 'node:crypto';
import type { ContactOutput } from '../server/src/contacts/contacts.schemas.js';
import type { DealOutput } from '../server/src/deals/deals.schemas.js';
import type { PrismaClient } from '../server/src/generated/prisma/client.js';
import type { ConvertLeadOutput } from '../server/src/leads/leads.schemas.js';
import type { SignedUpAccount } from './support/accounts.js';
import { type Api, createContact, createTicket } from './support/factories-contacts-tickets.js';
import { createDeal, createLead, pathsOf } from './support/factories-deals-leads.js';
import type { TestApp } from './support/test-app.js';
import { startTwoTenants } from './support/two-tenants.js';

// Issue 9, "silent changes to what was sent": amounts, cursors and lead conversion must
// never quietly store or answer something other than what the client meant.

let testApp: TestApp;
let tenantA: SignedUpAccount;
let asA: Api;
let asB: Api;
let prisma: PrismaClient;

beforeAll(async () => {
  ({ testApp, tenantA, asA, asB, prisma } = await startTwoTenants());
}, 60_000);
afterAll(() => testApp.close());

const dealCount = () => prisma.deal.count({ where: { tenantId: tenantA.tenantId } });
const contactCount = () => prisma.contact.count({ where: { tenantId: tenantA.tenantId } });

describe('money', () => {
  test('a large amount sent as a decimal string is stored and returned exactly, as a string', async () => {
    const deal = await createDeal(asA, { value: '12345678901234.5678', currency: 'USD' });
    expect(deal.value).toBe('12345678901234.5678');
    expect((await asA<DealOutput>('GET', `/deals/${deal.id}`)).body.value).toBe('12345678901234.5678');
    const row = await prisma.deal.findUniqueOrThrow({ where: { id: deal.id } });
    expect(row.value.toFixed(4)).toBe('12345678901234.5678');
  });

  test('a JSON number a double cannot hold is refused naming value, and nothing is stored', async () => {
    const before = await dealCount();
    const created = await asA('POST', '/deals', '{"title": "Rounded", "value": 12345678901234.5678, "currency": "USD"}');
    expect(created.status).toBe(400);
    expect(created.contentType).toMatch(/^application\/problem\+json/);
    expect(pathsOf(created.body)).toEqual(['value']);
    expect(created.body.detail).toContain('12345678901234.568');
    expect(created.body.detail).toContain('send it as a decimal string');
    expect(await dealCount()).toBe(before);

    const deal = await createDeal(asA, { value: '5.00', currency: 'USD' });
    const updated = await asA('PATCH', `/deals/${deal.id}`, '{"value": 100000000000000.0001, "currency": "USD"}');
    expect(updated.status).toBe(400);
    expect(pathsOf(updated.body)).toEqual(['value']);
    expect((await asA<DealOutput>('GET', `/deals/${deal.id}`)).body.value).toBe('5.00');

    // Nested: the lead conversion's deal names its place.
    const lead = await createLead(asA);
    const converted = await asA('POST', `/leads/${lead.id}/convert`, '{"deal": {"value": 12345678901234.5678, "currency": "USD"}}');
    expect(converted.status).toBe(400);
    expect(pathsOf(converted.body)).toEqual(['deal.value']);
    expect((await asA('GET', `/leads/${lead.id}`)).body.status).toBe('NEW');
  });

  test('an exact JSON number is still read as its decimal text', async () => {
    const created = await asA<DealOutput>('POST', '/deals', '{"title": "Exact", "value": 12345678901234.5, "currency": "USD"}');
    expect(created.status).toBe(201);
    expect(created.body.value).toBe('12345678901234.50');
    const small = await asA<DealOutput>('POST', '/deals', '{"title": "Small", "value": 0.1, "currency": "USD"}');
    expect(small.body.value).toBe('0.10');
  });

  test('changing the currency without the amount is refused; with it, or repeating the currency, is fine', async () => {
    const deal = await createDeal(asA, { value: '100.00', currency: 'USD' });
    const alone = await asA('PATCH', `/deals/${deal.id}`, { currency: 'EUR' });
    expect(alone.status).toBe(400);
    expect(pathsOf(alone.body)).toEqual(['value']);
    expect(alone.body.detail).toContain('currency');
    expect((await asA<DealOutput>('GET', `/deals/${deal.id}`)).body).toMatchObject({ value: '100.00', currency: 'USD' });
    expect((await asA('PATCH', `/deals/${deal.id}`, { currency: 'USD', title: 'Same currency' })).status).toBe(200);
    const both = await asA<DealOutput>('PATCH', `/deals/${deal.id}`, { value: '92.00', currency: 'EUR' });
    expect(both.body).toMatchObject({ value: '92.00', currency: 'EUR' });
  });

  test('a value range needs a currency and compares within it', async () => {
    for (const query of ['minValue=10', 'maxValue=10', 'minValue=1&maxValue=10']) {
      const response = await asA('GET', `/deals?${query}`);
      expect({ query, status: response.status, paths: pathsOf(response.body) }).toEqual({ query, status: 400, paths: ['currency'] });
    }
    const tag = `cur${randomUUID().slice(0, 8)}`;
    const usd = await createDeal(asA, { title: `${tag} usd`, value: '500', currency: 'USD' });
    await createDeal(asA, { title: `${tag} eur`, value: '500', currency: 'EUR' });
    const inUsd = await asA('GET', `/deals?q=${tag}&currency=USD&minValue=100&maxValue=1000`);
    expect(inUsd.status).toBe(200);
    expect(inUsd.body.items.map((item: DealOutput) => item.id)).toEqual([usd.id]);
  });
});

describe('cursors are bound to their sort, direction and filters', () => {
  async function firstPage(api: Api, path: string): Promise<string> {
    const page = await api('GET', path);
    expect(page.status).toBe(200);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    return page.body.nextCursor as string;
  }

  async function expectCursorRefused(api: Api, path: string, mentions: RegExp) {
    const response = await api('GET', path);
    expect({ path, status: response.status, code: response.body.code, paths: pathsOf(response.body) })
      .toEqual({ path, status: 400, code: 'validation_failed', paths: ['cursor'] });
    expect(response.body.detail).toMatch(mentions);
    expect(response.body.detail).toContain('drop the cursor and request the first page again');
  }

  test('contacts: another sort, direction or filter is a 400 naming cursor; the same parameters page on', async () => {
    const tag = `cc${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i += 1) await createContact(asA, { company: tag });
    const cursor = await firstPage(asA, `/contacts?company=${tag}&sort=createdAt&limit=2`);
    await expectCursorRefused(asA, `/contacts?company=${tag}&sort=updatedAt&limit=2&cursor=${cursor}`, /sort=createdAt, not sort=updatedAt/);
    await expectCursorRefused(asA, `/contacts?company=${tag}&sort=createdAt&direction=asc&limit=2&cursor=${cursor}`, /direction/);
    await expectCursorRefused(asA, `/contacts?company=${tag}&q=First&sort=createdAt&limit=2&cursor=${cursor}`, /filters/);
    await expectCursorRefused(asA, `/contacts?sort=createdAt&limit=2&cursor=${cursor}`, /filters/);
    // Same sort, direction and filters: the next page, whatever the page size.
    const next = await asA('GET', `/contacts?company=${tag}&sort=createdAt&direction=desc&limit=3&cursor=${cursor}`);
    expect(next.status).toBe(200);
    expect(next.body.items).toHaveLength(3);
    // Name sort too.
    const byName = await firstPage(asA, `/contacts?company=${tag}&sort=name&limit=2`);
    await expectCursorRefused(asA, `/contacts?company=${tag}&sort=createdAt&limit=2&cursor=${byName}`, /sort=name/);
  });

  test('tickets: the other direction or other filters are refused', async () => {
    const tag = `tk${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 4; i += 1) await createTicket(asA, { subject: `${tag} ${i}`, priority: i % 2 ? 'HIGH' : 'LOW' });
    const cursor = await firstPage(asA, `/tickets?q=${tag}&limit=1`);
    await expectCursorRefused(asA, `/tickets?q=${tag}&direction=asc&limit=1&cursor=${cursor}`, /direction=desc, not direction=asc/);
    await expectCursorRefused(asA, `/tickets?q=${tag}&priority=HIGH&limit=1&cursor=${cursor}`, /filters/);
    expect((await asA('GET', `/tickets?q=${tag}&limit=1&cursor=${cursor}`)).status).toBe(200);
    // Filter lists are sets: the same statuses in another order page on.
    const byStatus = await firstPage(asA, `/tickets?q=${tag}&status=OPEN,IN_PROGRESS&limit=1`);
    expect((await asA('GET', `/tickets?q=${tag}&status=IN_PROGRESS,OPEN&limit=1&cursor=${byStatus}`)).status).toBe(200);
  });

  test('deals and leads: other filters are refused', async () => {
    const tag = `dl${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i += 1) {
      await createDeal(asA, { title: `${tag} ${i}` });
      await createLead(asA, { name: `${tag} ${i}` });
    }
    const deals = await firstPage(asA, `/deals?q=${tag}&limit=1`);
    await expectCursorRefused(asA, `/deals?q=${tag}&status=won&limit=1&cursor=${deals}`, /filters/);
    expect((await asA('GET', `/deals?q=${tag}&limit=1&cursor=${deals}`)).status).toBe(200);
    const leads = await firstPage(asA, `/leads?q=${tag}&limit=1`);
    await expectCursorRefused(asA, `/leads?q=${tag}&status=NEW&limit=1&cursor=${leads}`, /filters/);
    expect((await asA('GET', `/leads?q=${tag}&limit=1&cursor=${leads}`)).status).toBe(200);
  });

  test('a tampered or made-up cursor is a 400 naming cursor', async () => {
    const cursor = await firstPage(asA, '/contacts?limit=1');
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')), i: 'not-an-id' }),
    ).toString('base64url');
    await expectCursorRefused(asA, `/contacts?limit=1&cursor=${tampered}`, /not a cursor this API issued/);
    await expectCursorRefused(asA, '/deals?cursor=garbage', /not a cursor this API issued/);
    const oldFormat = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', randomUUID()])).toString('base64url');
    await expectCursorRefused(asA, `/leads?cursor=${oldFormat}`, /not a cursor this API issued/);
  });
});

describe('lead conversion finds the contact instead of refusing', () => {
  test('a lead whose email belongs to a contact links to it: no duplicate, and it says so', async () => {
    const existing = await createContact(asA, { email: `known-${randomUUID().slice(0, 8)}@example.test` });
    const lead = await createLead(asA, { email: existing.email!.toUpperCase() });
    const before = await contactCount();
    const response = await asA<ConvertLeadOutput>('POST', `/leads/${lead.id}/convert`, { createDeal: true });
    expect(response.status).toBe(201);
    expect(response.body.contactResolution).toBe('matched_email');
    expect(response.body.contact).toEqual(existing);
    expect(response.body.lead).toMatchObject({ status: 'CONVERTED', convertedContactId: existing.id });
    expect(response.body.deal).toMatchObject({ contactId: existing.id });
    expect(await contactCount()).toBe(before);
    expect((await asA<ContactOutput>('GET', `/contacts/${existing.id}`)).body).toEqual(existing);
  });

  test('an explicit contactId links that contact; another tenant\'s id is not found', async () => {
    const chosen = await createContact(asA);
    const lead = await createLead(asA);
    const before = await contactCount();
    const response = await asA<ConvertLeadOutput>('POST', `/leads/${lead.id}/convert`, { contactId: chosen.id });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ contactResolution: 'given', contact: { id: chosen.id } });
    expect(response.body.lead.convertedContactId).toBe(chosen.id);
    expect(await contactCount()).toBe(before);

    const foreign = await createContact(asB);
    const other = await createLead(asA);
    const refused = await asA('POST', `/leads/${other.id}/convert`, { contactId: foreign.id });
    expect(refused.status).toBe(404);
    const missing = await asA('POST', `/leads/${other.id}/convert`, { contactId: randomUUID() });
    expect({ status: missing.status, title: missing.body.title }).toEqual({ status: 404, title: refused.body.title });
    expect((await asA('GET', `/leads/${other.id}`)).body.status).toBe('NEW');

    const both = await asA('POST', `/leads/${other.id}/convert`, { contactId: chosen.id, contact: { phone: '1' } });
    expect(both.status).toBe(400);
    expect(pathsOf(both.body)).toEqual(['contact']);
  });

  test('matching by email stays in the tenant: another tenant\'s contact with that email is never linked', async () => {
    const email = `shared-${randomUUID().slice(0, 8)}@example.test`;
    const theirs = await createContact(asB, { email });
    const lead = await createLead(asA, { email });
    const response = await asA<ConvertLeadOutput>('POST', `/leads/${lead.id}/convert`, {});
    expect(response.body.contactResolution).toBe('created');
    expect(response.body.contact.id).not.toBe(theirs.id);
    expect((await asB<ContactOutput>('GET', `/contacts/${theirs.id}`)).body).toEqual(theirs);
  });

  test('without a match a contact is created, and says so', async () => {
    const lead = await createLead(asA);
    const response = await asA<ConvertLeadOutput>('POST', `/leads/${lead.id}/convert`, {});
    expect(response.body).toMatchObject({ contactResolution: 'created', contact: { email: lead.email } });
  });

  test('two leads with one new email converted at once end on one contact', async () => {
    const email = `twin-${randomUUID().slice(0, 8)}@example.test`;
    const leads = await Promise.all([createLead(asA, { email }), createLead(asA, { email })]);
    const before = await contactCount();
    const results = await Promise.all(leads.map((lead) => asA<ConvertLeadOutput>('POST', `/leads/${lead.id}/convert`, {})));
    expect(results.map((result) => result.status)).toEqual([201, 201]);
    expect(results.map((result) => result.body.contactResolution).sort()).toEqual(['created', 'matched_email']);
    expect(new Set(results.map((result) => result.body.contact.id)).size).toBe(1);
    expect(await contactCount()).toBe(before + 1);
  });
});
