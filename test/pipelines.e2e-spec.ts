import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import type { PipelineOutput } from '../server/src/pipelines/pipelines.schemas.js';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { type Api, apiAs } from './support/factories-contacts-tickets.js';
import { createDeal, defaultPipeline, pathsOf } from './support/factories-deals-leads.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { ISO_UTC } from './support/formats.js';

// Many sequential requests per test; generous when the machine is busy.
jest.setTimeout(30_000);

let testApp: TestApp;
let tenantA: SignedUpAccount;
let asA: Api;
let asB: Api;

beforeAll(async () => {
  testApp = await startTestApp();
  tenantA = await signUp(testApp.baseUrl);
  const tenantB = await signUp(testApp.baseUrl);
  asA = apiAs(testApp.baseUrl, tenantA.accessToken);
  asB = apiAs(testApp.baseUrl, tenantB.accessToken);
}, 60_000);
afterAll(() => testApp.close());


const threeStages = [
  { name: 'Lead in', probability: 5 },
  { name: 'Demo', probability: 40, kind: 'OPEN' },
  { name: 'Signed', probability: 100, kind: 'WON' },
];

describe('pipelines', () => {
  test('every tenant starts with the default sales pipeline and its ordered stages', async () => {
    const list = await asA<{ items: PipelineOutput[] }>('GET', '/pipelines');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const [pipeline] = list.body.items;
    expect(pipeline).toMatchObject({ name: 'Sales', isDefault: true });
    expect(pipeline!.createdAt).toMatch(ISO_UTC);
    expect(pipeline!.stages.map((s) => [s.name, s.probability, s.kind, s.position])).toEqual([
      ['Prospecting', 10, 'OPEN', 0],
      ['Qualification', 25, 'OPEN', 1],
      ['Proposal', 50, 'OPEN', 2],
      ['Negotiation', 75, 'OPEN', 3],
      ['Closed Won', 100, 'WON', 4],
      ['Closed Lost', 0, 'LOST', 5],
    ]);
    const one = await asA('GET', `/pipelines/${pipeline!.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(pipeline);
  });

  test('create a pipeline with stages; the name is unique per tenant, case-insensitively', async () => {
    const created = await asA<PipelineOutput>('POST', '/pipelines', { name: 'Partners', stages: threeStages });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Partners', isDefault: false });
    expect(created.body.stages.map((s) => [s.name, s.kind, s.position])).toEqual([
      ['Lead in', 'OPEN', 0], ['Demo', 'OPEN', 1], ['Signed', 'WON', 2],
    ]);
    const duplicate = await asA('POST', '/pipelines', { name: 'partners', stages: threeStages });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'conflict', field: 'name' });
    // An underscore is a character, not a LIKE wildcard.
    expect((await asA('POST', '/pipelines', { name: 'Partner_', stages: threeStages })).status).toBe(201);
    // Another tenant may use the same name.
    expect((await asB('POST', '/pipelines', { name: 'Partners', stages: threeStages })).status).toBe(201);
    expect((await asA<{ items: unknown[] }>('GET', '/pipelines')).body.items).toHaveLength(3);
  });

  test('validation failures are 400 with field paths', async () => {
    const cases: Array<[unknown, string[]]> = [
      [{}, ['name', 'stages']],
      [{ name: 'X', stages: [] }, ['stages']],
      [{ name: 'X', stages: [{ name: 'A', probability: 101 }] }, ['stages.0.probability']],
      [{ name: 'X', stages: [{ name: 'A', probability: 5, kind: 'MAYBE' }] }, ['stages.0.kind']],
      [{ name: 'X', stages: [{ name: ' ', probability: 5 }] }, ['stages.0.name']],
      [{ name: 'X', stages: [{ name: 'A', probability: 5, colour: 'red' }] }, ['stages.0.colour']],
      [{ name: 'X', stages: threeStages, extra: 1 }, ['extra']],
      [{ name: 'X', stages: [{ name: 'A', probability: 5 }, { name: 'a', probability: 6 }] }, ['stages.1.name']],
      // New deals start in the first stage, so it must be OPEN.
      [{ name: 'X', stages: [{ name: 'W', probability: 100, kind: 'WON' }] }, ['stages.0.kind']],
      [{ name: 'X', stages: [{ name: 'L', probability: 0, kind: 'LOST' }, { name: 'A', probability: 5 }] }, ['stages.0.kind']],
    ];
    for (const [body, paths] of cases) {
      const response = await asA('POST', '/pipelines', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.contentType).toContain('application/problem+json');
      expect(pathsOf(response.body)).toEqual(paths);
    }
  });

  test('re-ordering takes the full list of stage ids, atomically', async () => {
    const pipeline = (await asA<PipelineOutput>('POST', '/pipelines', { name: 'Reorder me', stages: threeStages })).body;
    const [a, b, c] = pipeline.stages.map((s) => s.id) as [string, string, string];
    const reordered = await asA<PipelineOutput>('PUT', `/pipelines/${pipeline.id}/stages/order`, { stageIds: [b, a, c] });
    expect(reordered.status).toBe(200);
    expect(reordered.body.stages.map((s) => [s.id, s.position])).toEqual([[b, 0], [a, 1], [c, 2]]);

    const other = (await defaultPipeline(asA)).stages[0]!.id;
    const bad: Array<[string[], string[]]> = [
      [[a, b], ['stageIds']],
      [[a, b, c, c], ['stageIds.3']],
      [[a, b, other], ['stageIds', 'stageIds.2']],
      // c is the WON stage: it cannot lead, or new deals would start closed.
      [[c, a, b], ['stageIds.0']],
    ];
    for (const [stageIds, paths] of bad) {
      const response = await asA('PUT', `/pipelines/${pipeline.id}/stages/order`, { stageIds });
      expect(response.status).toBe(400);
      expect(pathsOf(response.body)).toEqual(paths);
    }
    // Nothing changed by the refused attempts.
    const after = await asA<PipelineOutput>('GET', `/pipelines/${pipeline.id}`);
    expect(after.body.stages.map((s) => s.id)).toEqual([b, a, c]);
    // New deals start in the new first stage.
    const deal = await createDeal(asA, { pipelineId: pipeline.id });
    expect(deal.stageId).toBe(b);
  });

  test('add a stage at a position, rename it, and change its kind (closing its deals)', async () => {
    const pipeline = (await asA<PipelineOutput>('POST', '/pipelines', { name: 'Growing', stages: threeStages })).body;
    const added = await asA<PipelineOutput>('POST', `/pipelines/${pipeline.id}/stages`, { name: 'Trial', probability: 60, position: 2 });
    expect(added.status).toBe(201);
    expect(added.body.stages.map((s) => [s.name, s.position])).toEqual([['Lead in', 0], ['Demo', 1], ['Trial', 2], ['Signed', 3]]);
    const dup = await asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'demo', probability: 60 });
    expect(dup.status).toBe(409);
    const trial = added.body.stages[2]!;
    const deal = await createDeal(asA, { stageId: trial.id });
    expect(deal.closedAt).toBeNull();

    const renamed = await asA('PATCH', `/stages/${trial.id}`, { name: 'Paid trial', kind: 'LOST' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: trial.id, name: 'Paid trial', kind: 'LOST', position: 2 });
    const closed = await asA('GET', `/deals/${deal.id}`);
    expect(closed.body).toMatchObject({ status: 'lost', stage: { name: 'Paid trial' } });
    expect(closed.body.closedAt).toMatch(ISO_UTC);

    const reopened = await asA('PATCH', `/stages/${trial.id}`, { kind: 'OPEN' });
    expect(reopened.status).toBe(200);
    expect((await asA('GET', `/deals/${deal.id}`)).body.closedAt).toBeNull();
    expect((await asA('PATCH', `/stages/${trial.id}`, { probability: 300 })).status).toBe(400);
  });

  test('the first stage cannot become closed, so every pipeline keeps an OPEN stage to start deals in', async () => {
    const pipeline = (await asA<PipelineOutput>('POST', '/pipelines', {
      name: 'Single open', stages: [{ name: 'Only', probability: 10 }, { name: 'Won', probability: 100, kind: 'WON' }],
    })).body;
    for (const kind of ['WON', 'LOST']) {
      const response = await asA('PATCH', `/stages/${pipeline.stages[0]!.id}`, { kind });
      expect(response.status).toBe(400);
      expect(pathsOf(response.body)).toEqual(['kind']);
      expect(response.body.detail).toContain('first stage');
    }
    const added = await asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'Lost early', probability: 0, kind: 'LOST', position: 0 });
    expect(added.status).toBe(400);
    expect(pathsOf(added.body)).toEqual(['kind']);
  });
});

describe('tenant isolation', () => {
  test('tenant B cannot see, re-order, extend or edit tenant A\'s pipelines and stages', async () => {
    const prisma = testApp.app.get(PrismaClient);
    const pipeline = await defaultPipeline(asA);
    const stageIds = pipeline.stages.map((s) => s.id);
    const snapshot = async () => JSON.stringify(await prisma.pipeline.findMany({
      where: { tenantId: tenantA.tenantId }, include: { stages: { orderBy: { id: 'asc' } } }, orderBy: { id: 'asc' },
    }));
    const before = await snapshot();
    const missing = randomUUID();

    for (const id of [pipeline.id, missing]) {
      const get = await asB('GET', `/pipelines/${id}`);
      expect(get.status).toBe(404);
      expect(get.body.detail).toBe(`Pipeline ${id} was not found.`);
      const reorder = await asB('PUT', `/pipelines/${id}/stages/order`, { stageIds: [...stageIds].reverse() });
      expect(reorder.status).toBe(404);
      expect(reorder.body.detail).toBe(`Pipeline ${id} was not found.`);
      const add = await asB('POST', `/pipelines/${id}/stages`, { name: 'Sneaky', probability: 1 });
      expect(add.status).toBe(404);
    }
    for (const id of [stageIds[0]!, missing]) {
      const patch = await asB('PATCH', `/stages/${id}`, { name: 'Hacked' });
      expect(patch.status).toBe(404);
      expect(patch.body.detail).toBe(`Stage ${id} was not found.`);
    }
    const listB = await asB<{ items: PipelineOutput[] }>('GET', '/pipelines');
    expect(listB.body.items.map((p) => p.id)).not.toContain(pipeline.id);
    expect(listB.body.items.flatMap((p) => p.stages.map((s) => s.id))).not.toEqual(expect.arrayContaining([stageIds[0]]));
    expect(await snapshot()).toBe(before);
  });

  test('a malformed id answers like a missing one', async () => {
    const response = await asA('GET', '/pipelines/not-a-uuid');
    expect(response.status).toBe(404);
  });
});
