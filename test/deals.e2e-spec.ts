import { randomUUID } from 'node:crypto';
import type { DealOutput } from '../server/src/deals/deals.schemas.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import type { PipelineOutput } from '../server/src/pipelines/pipelines.schemas.js';
import { createMember, type SignedUpAccount } from './support/accounts.js';
import { type Api, collectPages, createContact } from './support/factories-contacts-tickets.js';
import { createDeal, defaultPipeline, pathsOf } from './support/factories-deals-leads.js';
import type { TestApp } from './support/test-app.js';
import { startTwoTenants } from './support/two-tenants.js';
import { ISO_UTC } from './support/formats.js';

let testApp: TestApp;
let tenantA: SignedUpAccount;
let tenantB: SignedUpAccount;
let asA: Api;
let asB: Api;
let sales: PipelineOutput;

beforeAll(async () => {
  ({ testApp, tenantA, tenantB, asA, asB } = await startTwoTenants());
  sales = await defaultPipeline(asA);
}, 60_000);
afterAll(() => testApp.close());

const stageNamed = (name: string) => sales.stages.find((s) => s.name === name)!;
const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

describe('deal lifecycle', () => {
  test('create with defaults: default pipeline, first stage, caller as owner', async () => {
    const created = await asA<DealOutput>('POST', '/deals', { title: 'Acme renewal', value: '50000', currency: 'USD' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Acme renewal', value: '50000.00', currency: 'USD', status: 'open',
      pipelineId: sales.id, stageId: stageNamed('Prospecting').id,
      stage: { name: 'Prospecting', kind: 'OPEN', probability: 10 },
      contactId: null, ownerId: tenantA.userId, expectedCloseDate: null, closedAt: null, createdById: tenantA.userId,
    });
    expect(created.body.createdAt).toMatch(ISO_UTC);
    const fetched = await asA('GET', `/deals/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);

    const noValue = await asA<DealOutput>('POST', '/deals', { title: 'Just an idea' });
    expect(noValue.body).toMatchObject({ value: '0.00', currency: 'USD' });
  });

  test('a stage can be named case-insensitively; unknown names list the valid ones', async () => {
    const deal = await createDeal(asA, { stage: 'negotiation' });
    expect(deal.stage.name).toBe('Negotiation');
    expect(deal.pipelineId).toBe(sales.id);
    const unknown = await asA('POST', '/deals', { title: 'X', stage: 'Haggling' });
    expect(unknown.status).toBe(400);
    expect(pathsOf(unknown.body)).toEqual(['stage']);
    expect(unknown.body.detail).toContain('Prospecting, Qualification, Proposal, Negotiation, Closed Won, Closed Lost');
    const both = await asA('POST', '/deals', { title: 'X', stage: 'Proposal', stageId: stageNamed('Proposal').id });
    expect(both.status).toBe(400);
    const moved = await asA<DealOutput>('PATCH', `/deals/${deal.id}`, { stage: '  PROPOSAL ' });
    expect(moved.body.stage.name).toBe('Proposal');
  });

  test('won/lost stages set closedAt, an open stage clears it', async () => {
    const deal = await createDeal(asA);
    const won = await asA<DealOutput>('PATCH', `/deals/${deal.id}`, { stage: 'closed won' });
    expect(won.status).toBe(200);
    expect(won.body.status).toBe('won');
    expect(won.body.closedAt).toMatch(ISO_UTC);
    const lost = await asA<DealOutput>('PATCH', `/deals/${deal.id}`, { stageId: stageNamed('Closed Lost').id });
    expect(lost.body.status).toBe('lost');
    expect(lost.body.closedAt).toMatch(ISO_UTC);
    const reopened = await asA<DealOutput>('PATCH', `/deals/${deal.id}`, { stage: 'Negotiation' });
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null });
    const createdWon = await createDeal(asA, { stage: 'Closed Won' });
    expect(createdWon.closedAt).toMatch(ISO_UTC);
    // A title-only change leaves closedAt alone.
    const renamed = await asA<DealOutput>('PATCH', `/deals/${createdWon.id}`, { title: 'Renamed' });
    expect(renamed.body.closedAt).toBe(createdWon.closedAt);
  });

  test('moving to another pipeline lands on its first stage; a stage id implies its pipeline', async () => {
    const other = (await asA<PipelineOutput>('POST', '/pipelines', {
      name: 'Channel', stages: [{ name: 'Intro', probability: 10 }, { name: 'Deal done', probability: 100, kind: 'WON' }],
    })).body;
    const deal = await createDeal(asA, { stage: 'Proposal' });
    const moved = await asA<DealOutput>('PATCH', `/deals/${deal.id}`, { pipelineId: other.id });
    expect(moved.body).toMatchObject({ pipelineId: other.id, stage: { name: 'Intro' } });
    const back = await asA<DealOutput>('PATCH', `/deals/${deal.id}`, { stageId: stageNamed('Qualification').id });
    expect(back.body).toMatchObject({ pipelineId: sales.id, stage: { name: 'Qualification' } });
    const mismatch = await asA('PATCH', `/deals/${deal.id}`, { pipelineId: other.id, stageId: stageNamed('Proposal').id });
    expect(mismatch.status).toBe(404);
    const byName = await createDeal(asA, { pipelineId: other.id, stage: 'deal DONE' });
    expect(byName).toMatchObject({ pipelineId: other.id, status: 'won' });
  });

  test('contact and owner links; clearing them with null', async () => {
    const contact = await createContact(asA);
    const member = await createMember(testApp.app, tenantA.tenantId);
    const deal = await createDeal(asA, { contactId: contact.id, ownerId: member.userId, expectedCloseDate: '2027-03-31' });
    expect(deal).toMatchObject({ contactId: contact.id, ownerId: member.userId, expectedCloseDate: '2027-03-31' });
    const cleared = await asA<DealOutput>('PATCH', `/deals/${deal.id}`, { contactId: null, ownerId: null, expectedCloseDate: null });
    expect(cleared.body).toMatchObject({ contactId: null, ownerId: null, expectedCloseDate: null });
  });

  test('delete, then 404 on every verb', async () => {
    const deal = await createDeal(asA);
    expect((await asA('DELETE', `/deals/${deal.id}`)).status).toBe(204);
    expect((await asA('GET', `/deals/${deal.id}`)).status).toBe(404);
    expect((await asA('PATCH', `/deals/${deal.id}`, { title: 'x' })).status).toBe(404);
    expect((await asA('DELETE', `/deals/${deal.id}`)).status).toBe(404);
  });
});

describe('money', () => {
  test('decimal strings round-trip exactly, numbers are read as decimals, output keeps 2 to 4 places', async () => {
    const cases: Array<[string | number, string]> = [
      ['12345678901234.5678', '12345678901234.5678'],
      ['999999999999999.9999', '999999999999999.9999'],
      [0.1, '0.10'],
      ['0.3', '0.30'],
      [12.345, '12.345'],
      ['7', '7.00'],
      ['1.5000', '1.50'],
      [0, '0.00'],
    ];
    for (const [value, expected] of cases) {
      const deal = await createDeal(asA, { value, currency: 'EUR' });
      expect({ value, out: deal.value }).toEqual({ value, out: expected });
      expect((await asA('GET', `/deals/${deal.id}`)).body.value).toBe(expected);
    }
    const prisma = testApp.app.get(PrismaClient);
    const big = await createDeal(asA, { value: '12345678901234.5678', currency: 'JPY' });
    const row = await prisma.deal.findUniqueOrThrow({ where: { id: big.id } });
    expect(row.value.toFixed(4)).toBe('12345678901234.5678');
  });

  test('bad amounts and currencies are 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ value: 0.1 + 0.2, currency: 'USD' }, ['value']],
      [{ value: '1.23456', currency: 'USD' }, ['value']],
      [{ value: '-5', currency: 'USD' }, ['value']],
      [{ value: -5, currency: 'USD' }, ['value']],
      [{ value: '1e3', currency: 'USD' }, ['value']],
      [{ value: '1234567890123456', currency: 'USD' }, ['value']],
      [{ value: 'ten', currency: 'USD' }, ['value']],
      [{ value: true, currency: 'USD' }, ['value']],
      [{ value: '10', currency: 'usd' }, ['currency']],
      [{ value: '10', currency: 'ABC' }, ['currency']],
      [{ value: '10' }, ['currency']],
    ];
    for (const [body, paths] of cases) {
      const response = await asA('POST', '/deals', { title: 'Money', ...body });
      expect({ body, status: response.status, paths: pathsOf(response.body) }).toEqual({ body, status: 400, paths });
    }
    const deal = await createDeal(asA);
    expect((await asA('PATCH', `/deals/${deal.id}`, { value: '0.00001' })).status).toBe(400);
    const changed = await asA<DealOutput>('PATCH', `/deals/${deal.id}`, { value: '2500.5', currency: 'GBP' });
    expect(changed.body).toMatchObject({ value: '2500.50', currency: 'GBP' });
  });

  test('value range filter is exact at the bounds', async () => {
    const tag = `range${randomUUID().slice(0, 8)}`;
    const values = ['0.10', '0.20', '0.30', '100', '1000.5'];
    const ids: Record<string, string> = {};
    for (const value of values) ids[value] = (await createDeal(asA, { title: `${tag} ${value}`, value, currency: 'USD' })).id;
    const exact = await asA('GET', `/deals?q=${tag}&currency=USD&minValue=0.3&maxValue=0.3`);
    expect(idsOf(exact.body)).toEqual([ids['0.30']]);
    const range = await asA('GET', `/deals?q=${tag}&currency=USD&minValue=0.2&maxValue=100`);
    expect(idsOf(range.body).sort()).toEqual([ids['0.20'], ids['0.30'], ids['100']].sort());
    const above = await asA('GET', `/deals?q=${tag}&currency=USD&minValue=1000.5`);
    expect(idsOf(above.body)).toEqual([ids['1000.5']]);
    expect((await asA('GET', '/deals?currency=USD&minValue=abc')).status).toBe(400);
  });
});

describe('deal list', () => {
  test('filters: pipeline, stage by id or name, owner, contact, status, title search', async () => {
    const tag = `flt${randomUUID().slice(0, 8)}`;
    const contact = await createContact(asA);
    const member = await createMember(testApp.app, tenantA.tenantId);
    const a = await createDeal(asA, { title: `${tag} Alpha Widgets`, stage: 'Proposal', contactId: contact.id });
    const b = await createDeal(asA, { title: `${tag} Beta gadgets`, stage: 'Closed Won', ownerId: member.userId });
    const c = await createDeal(asA, { title: `${tag} Gamma widgets`, stage: 'Closed Lost' });
    const list = async (query: string) => {
      const response = await asA('GET', `/deals?q=${tag}&${query}`);
      expect(response.status).toBe(200);
      return idsOf(response.body).sort();
    };
    expect(await list('')).toEqual([a.id, b.id, c.id].sort());
    expect(await list(`stage=${stageNamed('Proposal').id}`)).toEqual([a.id]);
    expect(await list('stage=proposal')).toEqual([a.id]);
    expect(await list(`stage=Proposal&pipelineId=${sales.id}`)).toEqual([a.id]);
    expect(await list('status=open')).toEqual([a.id]);
    expect(await list('status=won')).toEqual([b.id]);
    expect(await list('status=lost')).toEqual([c.id]);
    expect(await list('stage=Proposal&status=won')).toEqual([]);
    expect(await list(`ownerId=${member.userId}`)).toEqual([b.id]);
    expect(await list(`contactId=${contact.id}`)).toEqual([a.id]);
    expect(await list(`pipelineId=${sales.id}`)).toEqual([a.id, b.id, c.id].sort());
    const search = await asA('GET', `/deals?q=${tag.toUpperCase()}%20gamma%20WIDGETS`);
    expect(idsOf(search.body)).toEqual([c.id]);
    // LIKE wildcards in text filters match literally.
    const pct = await createDeal(asA, { title: `${tag} 100% off` });
    await createDeal(asA, { title: `${tag} 1000 off` });
    expect(idsOf((await asA('GET', `/deals?q=${encodeURIComponent(`${tag} 100%`)}`)).body)).toEqual([pct.id]);
    expect(idsOf((await asA('GET', `/deals?q=${tag}_`)).body)).toEqual([]);
    expect((await asA('GET', '/deals?stage=%25')).status).toBe(400);
    const unknown = await asA('GET', '/deals?stage=Haggling');
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('Negotiation');
  });

  test('keyset pagination: no duplicates, no gaps, under concurrent inserts; total on request', async () => {
    const tag = `page${randomUUID().slice(0, 8)}`;
    const originals: string[] = [];
    for (let i = 0; i < 23; i += 1) originals.push((await createDeal(asA, { title: `${tag} ${i}`, stage: 'Qualification' })).id);
    const first = await asA('GET', `/deals?q=${tag}&limit=5&includeTotal=true`);
    expect(first.body.total).toBe(23);
    expect(first.body.items).toHaveLength(5);
    const inserted: string[] = [];
    const { ids, pages } = await collectPages(asA, `/deals?q=${tag}&limit=5`, async () => {
      inserted.push((await createDeal(asA, { title: `${tag} late` })).id);
    });
    expect(pages).toBe(5);
    expect(new Set(ids).size).toBe(ids.length);
    // Newer rows sort before the cursor, so a walk started earlier sees every original exactly once.
    expect(ids.filter((id) => originals.includes(id)).sort()).toEqual([...originals].sort());
    expect(ids.filter((id) => inserted.includes(id))).toEqual([]);
    // The stage-filtered walk uses the other index and agrees.
    const byStage = await collectPages(asA, `/deals?q=${tag}&stage=qualification&limit=4`);
    expect(byStage.ids.sort()).toEqual([...originals].sort());
    expect((await asA('GET', '/deals?limit=101')).status).toBe(400);
    expect((await asA('GET', '/deals?cursor=garbage')).status).toBe(400);
  });
});

describe('validation', () => {
  test('each failure class is 400 problem+json with field paths', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{}, ['title']],
      [{ title: '   ' }, ['title']],
      [{ title: 'X', colour: 'red' }, ['colour']],
      [{ title: 'X', contactId: 'nope' }, ['contactId']],
      [{ title: 'X', pipelineId: 5 }, ['pipelineId']],
      [{ title: 'X', expectedCloseDate: '31/03/2027' }, ['expectedCloseDate']],
      [{ title: 'x'.repeat(201) }, ['title']],
    ];
    for (const [body, paths] of cases) {
      const response = await asA('POST', '/deals', body);
      expect({ body, status: response.status, paths: pathsOf(response.body) }).toEqual({ body, status: 400, paths });
      expect(response.contentType).toContain('application/problem+json');
    }
    const deal = await createDeal(asA);
    const patch = await asA('PATCH', `/deals/${deal.id}`, { title: null, surprise: 1 });
    expect(patch.status).toBe(400);
    expect(pathsOf(patch.body)).toEqual(['surprise', 'title']);
    expect((await asA('GET', '/deals?sort=title')).status).toBe(400);
    expect((await asA('GET', '/deals?status=closed')).status).toBe(400);
  });
});

describe('tenant isolation', () => {
  test('tenant B cannot read, list, change, delete or reference tenant A\'s deals and their links', async () => {
    const prisma = testApp.app.get(PrismaClient);
    const contact = await createContact(asA);
    const deal = await createDeal(asA, { title: 'Secret merger', contactId: contact.id, stage: 'Negotiation' });
    const snapshot = async () => JSON.stringify(await prisma.deal.findMany({ where: { tenantId: tenantA.tenantId }, orderBy: { id: 'asc' } }));
    const before = await snapshot();
    const countB = () => prisma.deal.count({ where: { tenantId: tenantB.tenantId } });
    const dealsOfB = await countB();
    const missing = randomUUID();

    for (const id of [deal.id, missing]) {
      const expected = { status: 404, detail: `Deal ${id} was not found.` };
      for (const [method, body] of [['GET'], ['PATCH', { title: 'Mine now' }], ['DELETE']] as const) {
        const response = await asB(method, `/deals/${id}`, body);
        expect({ status: response.status, detail: response.body.detail }).toEqual(expected);
      }
    }
    // By filter and by search.
    for (const query of [`q=Secret`, `contactId=${contact.id}`, `stage=${deal.stageId}`, `pipelineId=${deal.pipelineId}`, `ownerId=${tenantA.userId}`]) {
      const response = await asB('GET', `/deals?${query}&includeTotal=true`);
      expect({ query, status: response.status, items: response.body.items, total: response.body.total })
        .toEqual({ query, status: 200, items: [], total: 0 });
    }
    // References to A's pipeline, stage, contact and user are refused like missing ones.
    const references: Array<[Record<string, unknown>, string]> = [
      [{ pipelineId: deal.pipelineId }, `Pipeline ${deal.pipelineId} was not found.`],
      [{ stageId: deal.stageId }, `Stage ${deal.stageId} was not found.`],
      [{ contactId: contact.id }, `Contact ${contact.id} was not found.`],
      [{ ownerId: tenantA.userId }, `User ${tenantA.userId} was not found.`],
    ];
    const own = await createDeal(asB, { title: 'B deal' });
    for (const [fields, detail] of references) {
      const create = await asB('POST', '/deals', { title: 'Sneaky', ...fields });
      expect({ fields, status: create.status, detail: create.body.detail }).toEqual({ fields, status: 404, detail });
      const update = await asB('PATCH', `/deals/${own.id}`, fields);
      expect({ fields, status: update.status, detail: update.body.detail }).toEqual({ fields, status: 404, detail });
    }
    expect(await countB()).toBe(dealsOfB + 1);
    expect((await asB('GET', `/deals/${own.id}`)).body).toEqual(own);
    expect(await snapshot()).toBe(before);
  });
});
