import { randomUUID } from 'node:crypto';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import type { ConvertLeadOutput, LeadOutput } from '../server/src/leads/leads.schemas.js';
import { createMember, type SignedUpAccount } from './support/accounts.js';
import { type Api, collectPages, createContact } from './support/factories-contacts-tickets.js';
import { createLead, defaultPipeline, pathsOf } from './support/factories-deals-leads.js';
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

const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);
const counts = async (tenantId: string) => ({
  contacts: await prisma.contact.count({ where: { tenantId } }),
  deals: await prisma.deal.count({ where: { tenantId } }),
});

describe('lead lifecycle', () => {
  test('create, get, partial update', async () => {
    const created = await asA<LeadOutput>('POST', '/leads', {
      name: 'Grace Hopper', company: 'Navy', email: 'Grace@Navy.TEST', phone: '+1 555 0100', source: 'conference',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Grace Hopper', company: 'Navy', email: 'grace@navy.test', source: 'conference', status: 'NEW',
      allowedStatuses: ['CONTACTED', 'QUALIFIED', 'UNQUALIFIED'], ownerId: null,
      convertedContactId: null, convertedDealId: null, convertedAt: null, createdById: tenantA.userId,
    });
    expect(created.body.createdAt).toMatch(ISO_UTC);
    expect((await asA('GET', `/leads/${created.body.id}`)).body).toEqual(created.body);
    const updated = await asA<LeadOutput>('PATCH', `/leads/${created.body.id}`, { phone: null, status: 'CONTACTED', notes: 'Called' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ phone: null, status: 'CONTACTED', notes: 'Called', name: 'Grace Hopper' });
  });

  test('validation failures are 400 with field paths', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{}, ['name']],
      [{ source: 'web' }, ['name']],
      [{ name: 'X', email: 'not-an-email' }, ['email']],
      [{ name: 'X', status: 'CONVERTED' }, ['status']],
      [{ name: 'X', rating: 5 }, ['rating']],
      [{ name: 'X', ownerId: 'nope' }, ['ownerId']],
    ];
    for (const [body, paths] of cases) {
      const response = await asA('POST', '/leads', body);
      expect({ body, status: response.status, paths: pathsOf(response.body) }).toEqual({ body, status: 400, paths });
      expect(response.contentType).toContain('application/problem+json');
    }
    const named = await createLead(asA, { company: undefined, email: undefined, name: 'Only Name' });
    const cleared = await asA('PATCH', `/leads/${named.id}`, { name: null });
    expect(cleared.status).toBe(400);
    expect((await asA('GET', '/leads?status=LOST')).status).toBe(400);
    expect((await asA('GET', '/leads?limit=0')).status).toBe(400);
  });
});

describe('status transitions', () => {
  const ALL = ['NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED'] as const;
  const LEGAL: Record<string, string[]> = {
    NEW: ['CONTACTED', 'QUALIFIED', 'UNQUALIFIED'],
    CONTACTED: ['QUALIFIED', 'UNQUALIFIED'],
    QUALIFIED: ['UNQUALIFIED'],
    UNQUALIFIED: ['NEW', 'CONTACTED'],
  };

  test.each(Object.keys(LEGAL))('from %s: legal moves succeed, illegal ones are 422 with the allowed states', async (from) => {
    for (const to of ALL) {
      if (to === from) continue;
      const lead = await createLead(asA, { status: from });
      const response = await asA('PATCH', `/leads/${lead.id}`, { status: to });
      if (LEGAL[from]!.includes(to)) {
        expect({ from, to, status: response.status }).toEqual({ from, to, status: 200 });
        expect(response.body.status).toBe(to);
      } else {
        expect({ from, to, status: response.status }).toEqual({ from, to, status: 422 });
        expect(response.body).toMatchObject({ code: 'invalid_transition', allowed: LEGAL[from] });
        expect((await asA('GET', `/leads/${lead.id}`)).body.status).toBe(from);
      }
    }
  });

  test('CONVERTED is terminal for updates', async () => {
    const lead = await createLead(asA);
    await asA('POST', `/leads/${lead.id}/convert`, {});
    for (const to of ['NEW', 'QUALIFIED', 'UNQUALIFIED']) {
      const response = await asA('PATCH', `/leads/${lead.id}`, { status: to });
      expect(response.status).toBe(422);
      expect(response.body.allowed).toEqual([]);
    }
  });
});

describe('conversion', () => {
  test('without a deal: a contact from the lead, name split, lead marked CONVERTED', async () => {
    const lead = await createLead(asA, { name: 'Ada King Lovelace', company: 'Engines Ltd', phone: '+44 1' });
    const response = await asA<ConvertLeadOutput>('POST', `/leads/${lead.id}/convert`, {});
    expect(response.status).toBe(201);
    const { contact, deal, lead: converted } = response.body;
    expect(contact).toMatchObject({
      firstName: 'Ada', lastName: 'King Lovelace', email: lead.email, company: 'Engines Ltd', phone: '+44 1',
    });
    expect(deal).toBeNull();
    expect(converted).toMatchObject({
      status: 'CONVERTED', convertedContactId: contact.id, convertedDealId: null, allowedStatuses: [],
    });
    expect(converted.convertedAt).toMatch(ISO_UTC);
    expect((await asA('GET', `/contacts/${contact.id}`)).status).toBe(200);

    const again = await asA('POST', `/leads/${lead.id}/convert`, { createDeal: true });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('invalid_transition');
  });

  test('with a deal in the default pipeline; deal and contact fields can be overridden', async () => {
    const sales = await defaultPipeline(asA);
    const plain = await createLead(asA, { company: 'Initech' });
    const first = await asA<ConvertLeadOutput>('POST', `/leads/${plain.id}/convert`, { createDeal: true });
    expect(first.status).toBe(201);
    expect(first.body.deal).toMatchObject({
      title: 'Initech deal', pipelineId: sales.id, stage: { name: 'Prospecting' }, contactId: first.body.contact.id,
      value: '0.00',
    });
    expect(first.body.lead.convertedDealId).toBe(first.body.deal!.id);

    const custom = await createLead(asA, { name: 'Madonna', email: undefined });
    const second = await asA<ConvertLeadOutput>('POST', `/leads/${custom.id}/convert`, {
      deal: { title: 'Tour sponsorship', value: '2500.50', currency: 'EUR', stage: 'negotiation' },
      contact: { email: 'Madonna@Example.TEST', jobTitle: 'Artist' },
    });
    expect(second.status).toBe(201);
    expect(second.body.contact).toMatchObject({ firstName: 'Madonna', lastName: '', email: 'madonna@example.test', jobTitle: 'Artist' });
    expect(second.body.deal).toMatchObject({ title: 'Tour sponsorship', value: '2500.50', currency: 'EUR', stage: { name: 'Negotiation' } });

    // Deleting the deal later keeps the lead's history, without the link.
    expect((await asA('DELETE', `/deals/${second.body.deal!.id}`)).status).toBe(204);
    expect((await asA('GET', `/leads/${custom.id}`)).body).toMatchObject({ status: 'CONVERTED', convertedDealId: null });
  });

  test('a lead without a name takes the contact name from its email', async () => {
    const lead = await createLead(asA, { name: undefined, company: undefined, email: 'jdoe@example.test' });
    const response = await asA<ConvertLeadOutput>('POST', `/leads/${lead.id}/convert`, {});
    expect(response.body.contact).toMatchObject({ firstName: 'jdoe', email: 'jdoe@example.test' });
  });

  test('an email that belongs to a contact links the lead to it (see input-integrity for the rest)', async () => {
    const existing = await createContact(asA, { email: 'taken@example.test' });
    const lead = await createLead(asA, { email: 'TAKEN@example.test' });
    const before = await counts(tenantA.tenantId);
    const response = await asA<ConvertLeadOutput>('POST', `/leads/${lead.id}/convert`, { createDeal: true, deal: { value: '10', currency: 'USD' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ contactResolution: 'matched_email', contact: { id: existing.id } });
    expect(await counts(tenantA.tenantId)).toEqual({ ...before, deals: before.deals + 1 });
  });

  test('a bad deal after the contact was created rolls the contact back too', async () => {
    const lead = await createLead(asA);
    const before = await counts(tenantA.tenantId);
    const response = await asA('POST', `/leads/${lead.id}/convert`, { deal: { stage: 'Haggling' } });
    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toEqual(['deal.stage']);
    expect(await counts(tenantA.tenantId)).toEqual(before);
    expect((await asA('GET', `/leads/${lead.id}`)).body.status).toBe('NEW');
  });

  test('convert input is validated', async () => {
    const lead = await createLead(asA);
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ createDeal: false, deal: { title: 'x' } }, ['deal']],
      [{ deal: { value: '1.23456', currency: 'USD' } }, ['deal.value']],
      [{ deal: { contactId: randomUUID() } }, ['deal.contactId']],
      [{ contact: { email: 'bad' } }, ['contact.email']],
      [{ contact: { firstName: ' ' } }, ['contact.firstName']],
      [{ merge: true }, ['merge']],
    ];
    for (const [body, paths] of cases) {
      const response = await asA('POST', `/leads/${lead.id}/convert`, body);
      expect({ body, status: response.status, paths: pathsOf(response.body) }).toEqual({ body, status: 400, paths });
    }
    expect((await asA('GET', `/leads/${lead.id}`)).body.status).toBe('NEW');
  });

  test('two concurrent conversions: exactly one wins', async () => {
    const lead = await createLead(asA, { email: undefined, name: 'Race Condition' });
    const before = await counts(tenantA.tenantId);
    const results = await Promise.all([1, 2].map(() => asA('POST', `/leads/${lead.id}/convert`, {})));
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(await counts(tenantA.tenantId)).toEqual({ ...before, contacts: before.contacts + 1 });
  });
});

describe('lead list', () => {
  test('filters by status and source, searches name, company and email', async () => {
    const tag = `t${randomUUID().slice(0, 8)}`;
    const a = await createLead(asA, { name: `Zed ${tag}`, source: 'Referral' });
    const b = await createLead(asA, { name: 'Somebody', company: `${tag} Industries`, source: 'website', status: 'QUALIFIED' });
    const c = await createLead(asA, { name: 'Other', company: 'Other', email: `${tag}@mail.test`, source: 'website' });
    const list = async (query: string) => idsOf((await asA('GET', `/leads?q=${tag}&${query}`)).body).sort();
    expect(await list('')).toEqual([a.id, b.id, c.id].sort());
    expect(await asA('GET', `/leads?q=${tag.toUpperCase()}`).then((r) => r.body.items.length)).toBe(3);
    expect(await list('status=QUALIFIED')).toEqual([b.id]);
    expect(await list('source=referral')).toEqual([a.id]);
    expect(await list('source=WEBSITE&status=NEW')).toEqual([c.id]);
    expect(await list('source=_ebsite')).toEqual([]);
    expect(idsOf((await asA('GET', '/leads?q=%25%25%25')).body)).toEqual([]);
    const member = await createMember(testApp.app, tenantA.tenantId);
    const owned = await createLead(asA, { name: `Owned ${tag}`, ownerId: member.userId });
    expect(await list(`ownerId=${member.userId}`)).toEqual([owned.id]);
  });

  test('keyset pagination across pages, with concurrent inserts', async () => {
    const tag = `p${randomUUID().slice(0, 8)}`;
    const originals: string[] = [];
    for (let i = 0; i < 17; i += 1) originals.push((await createLead(asA, { name: `${tag} ${i}` })).id);
    const first = await asA('GET', `/leads?q=${tag}&limit=4&includeTotal=true`);
    expect(first.body).toMatchObject({ total: 17 });
    const { ids, pages } = await collectPages(asA, `/leads?q=${tag}&limit=4`, () => createLead(asA, { name: `${tag} late` }));
    expect(pages).toBe(5);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => originals.includes(id)).sort()).toEqual([...originals].sort());
  });
});

describe('tenant isolation', () => {
  test('tenant B cannot read, list, change, convert or reference tenant A\'s leads', async () => {
    const lead = await createLead(asA, { name: 'Confidential Prospect', source: 'secret-source' });
    const snapshot = async () => JSON.stringify(await prisma.lead.findMany({ where: { tenantId: tenantA.tenantId }, orderBy: { id: 'asc' } }));
    const before = await snapshot();
    const countsA = await counts(tenantA.tenantId);
    const countsB = await counts(tenantB.tenantId);
    const missing = randomUUID();
    for (const id of [lead.id, missing]) {
      const expected = { status: 404, detail: `Lead ${id} was not found.` };
      for (const [method, path, body] of [
        ['GET', `/leads/${id}`],
        ['PATCH', `/leads/${id}`, { status: 'CONTACTED' }],
        ['POST', `/leads/${id}/convert`, { createDeal: true }],
      ] as const) {
        const response = await asB(method, path, body);
        expect({ method, status: response.status, detail: response.body.detail }).toEqual({ method, ...expected });
      }
    }
    for (const query of ['q=Confidential', 'source=secret-source', `ownerId=${tenantA.userId}`]) {
      const response = await asB('GET', `/leads?${query}&includeTotal=true`);
      expect({ query, items: response.body.items, total: response.body.total }).toEqual({ query, items: [], total: 0 });
    }
    // References to A's user and pipeline are refused, and B's own conversion writes nothing.
    expect((await asB('POST', '/leads', { name: 'X', ownerId: tenantA.userId })).status).toBe(404);
    const own = await createLead(asB);
    expect((await asB('PATCH', `/leads/${own.id}`, { ownerId: tenantA.userId })).status).toBe(404);
    const sales = await defaultPipeline(asA);
    const refused = await asB('POST', `/leads/${own.id}/convert`, { deal: { pipelineId: sales.id } });
    expect(refused.status).toBe(404);
    expect(refused.body.detail).toBe(`Pipeline ${sales.id} was not found.`);
    expect(await counts(tenantB.tenantId)).toEqual(countsB);
    expect((await asB('GET', `/leads/${own.id}`)).body.status).toBe('NEW');
    expect(await counts(tenantA.tenantId)).toEqual(countsA);
    expect(await snapshot()).toBe(before);
  });
});
