import { jest } from '@jest/globals';
import { migrationsDirectory } from '../server/src/database/migrations-path.js';
import { applyMigrations, readMigrations } from '../server/src/database/migrator.js';
import type { PipelineOutput, StageOutput } from '../server/src/pipelines/pipelines.schemas.js';
import type { Api } from './support/factories-contacts-tickets.js';
import { pathsOf } from './support/factories-deals-leads.js';
import type { TestApp } from './support/test-app.js';
import { openTestConnection } from './support/test-database.js';
import { startTwoTenants } from './support/two-tenants.js';

// Issue 9, "Pipelines and stages": concurrent stage writes are ordered by a lock on the
// pipeline row, and the database refuses duplicate positions and case-insensitive duplicate names.
jest.setTimeout(120_000);

let testApp: TestApp;
let asA: Api;

beforeAll(async () => {
  ({ testApp, asA } = await startTwoTenants());
}, 180_000);
afterAll(() => testApp.close());

const twoStages = [{ name: 'Start', probability: 10 }, { name: 'Won', probability: 100, kind: 'WON' }];
let sequence = 0;

async function newPipeline(stages: unknown[] = twoStages): Promise<PipelineOutput> {
  sequence += 1;
  const response = await asA<PipelineOutput>('POST', '/pipelines', { name: `Integrity ${sequence}`, stages });
  if (response.status !== 201) throw new Error(`create pipeline: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

function positionsOf(pipeline: PipelineOutput): number[] {
  return pipeline.stages.map((stage) => stage.position);
}

describe('concurrent stage writes', () => {
  test('three concurrent "add stage" calls get distinct, dense positions (5 rounds)', async () => {
    for (let round = 0; round < 5; round++) {
      const pipeline = await newPipeline();
      const answers = await Promise.all(['One', 'Two', 'Three'].map((name) =>
        asA('POST', `/pipelines/${pipeline.id}/stages`, { name, probability: 50 })));
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
      const after = (await asA<PipelineOutput>('GET', `/pipelines/${pipeline.id}`)).body;
      expect({ round, positions: positionsOf(after) }).toEqual({ round, positions: [0, 1, 2, 3, 4] });
      expect(after.stages.map((stage) => stage.name).sort()).toEqual(['One', 'Start', 'Three', 'Two', 'Won']);
      // Each add counted in the pipeline's version.
      expect(after.version).toBe(pipeline.version + 3);
    }
  });

  test('inserting at a position while another caller re-orders keeps positions dense and unique', async () => {
    const pipeline = await newPipeline([
      { name: 'A', probability: 10 }, { name: 'B', probability: 20 }, { name: 'C', probability: 30 }, { name: 'W', probability: 100, kind: 'WON' },
    ]);
    const [a, b, c, w] = pipeline.stages.map((stage) => stage.id);
    const answers = await Promise.all([
      asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'Inserted', probability: 15, position: 1 }),
      asA('PUT', `/pipelines/${pipeline.id}/stages/order`, { stageIds: [c, b, a, w] }),
    ]);
    // The re-order lists exactly the stages it read: it succeeds first, or is refused for a missing stage.
    expect(answers[0]!.status).toBe(201);
    expect([200, 400]).toContain(answers[1]!.status);
    const after = (await asA<PipelineOutput>('GET', `/pipelines/${pipeline.id}`)).body;
    expect(positionsOf(after)).toEqual([0, 1, 2, 3, 4]);
  });

  test('re-ordering twice over (a full reversal of the open stages) passes the unique position index', async () => {
    const pipeline = await newPipeline([
      { name: 'A', probability: 10 }, { name: 'B', probability: 20 }, { name: 'C', probability: 30 }, { name: 'W', probability: 100, kind: 'WON' },
    ]);
    const [a, b, c, w] = pipeline.stages.map((stage) => stage.id) as [string, string, string, string];
    for (const order of [[c, b, a, w], [a, b, c, w], [b, c, a, w]]) {
      const response = await asA<PipelineOutput>('PUT', `/pipelines/${pipeline.id}/stages/order`, { stageIds: order });
      expect(response.status).toBe(200);
      expect(response.body.stages.map((stage) => stage.id)).toEqual(order);
      expect(positionsOf(response.body)).toEqual([0, 1, 2, 3]);
    }
  });

  test('a pipeline\'s ETag covers its stages: a stale If-Match on add or re-order is 412', async () => {
    const pipeline = await newPipeline();
    const read = await asA<PipelineOutput>('GET', `/pipelines/${pipeline.id}`);
    expect(read.etag).toBe(`"${pipeline.version}"`);
    const added = await asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'Mid', probability: 50, position: 1 }, { 'If-Match': read.etag! });
    expect(added.status).toBe(201);
    expect(added.etag).toBe(`"${pipeline.version + 1}"`);
    const stale = await asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'Late', probability: 60 }, { 'If-Match': read.etag! });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'precondition_failed', currentVersion: pipeline.version + 1 });
    const reorder = await asA('PUT', `/pipelines/${pipeline.id}/stages/order`, { stageIds: pipeline.stages.map((s) => s.id) }, { 'If-Match': read.etag! });
    expect(reorder.status).toBe(412);
  });

  test('a stage\'s version guards its PATCH', async () => {
    const pipeline = await newPipeline();
    const stage = pipeline.stages[0]!;
    const renamed = await asA<StageOutput>('PATCH', `/stages/${stage.id}`, { name: 'Begin' }, { 'If-Match': `"${stage.version}"` });
    expect(renamed.status).toBe(200);
    expect(renamed.etag).toBe(`"${stage.version + 1}"`);
    const stale = await asA('PATCH', `/stages/${stage.id}`, { probability: 1 }, { 'If-Match': `"${stage.version}"` });
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(stage.version + 1);
  });
});

describe('names are unique case-insensitively', () => {
  test('"Alpha" then "alpha" in one pipeline is 409 naming name, also when added concurrently or renamed into', async () => {
    const pipeline = await newPipeline();
    expect((await asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'Alpha', probability: 20 })).status).toBe(201);
    const duplicate = await asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'alpha', probability: 20 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'conflict', field: 'name' });

    const racers = await Promise.all([
      asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'Beta', probability: 30 }),
      asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'BETA', probability: 30 }),
    ]);
    expect(racers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(racers.find((answer) => answer.status === 409)!.body.field).toBe('name');

    const start = pipeline.stages[0]!;
    const renamed = await asA('PATCH', `/stages/${start.id}`, { name: 'ALPHA' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.field).toBe('name');
  });

  test('"Renewals" and "renewals" pipelines: 409 naming name, sequentially and concurrently', async () => {
    expect((await asA('POST', '/pipelines', { name: 'Renewals', stages: twoStages })).status).toBe(201);
    const duplicate = await asA('POST', '/pipelines', { name: 'renewals', stages: twoStages });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'conflict', field: 'name' });

    const racers = await Promise.all([
      asA('POST', '/pipelines', { name: 'Upsell', stages: twoStages }),
      asA('POST', '/pipelines', { name: 'UPSELL', stages: twoStages }),
    ]);
    expect(racers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(racers.find((answer) => answer.status === 409)!.body.field).toBe('name');
  });
});

describe('the first stage is OPEN, so no new deal starts closed', () => {
  test('refused on create, on re-order, on a kind change and on an insert at position 0, naming the field', async () => {
    const created = await asA('POST', '/pipelines', { name: 'Closed first', stages: [{ name: 'Closed', probability: 100, kind: 'WON' }, ...twoStages] });
    expect(created.status).toBe(400);
    expect(pathsOf(created.body)).toEqual(['stages.0.kind']);

    const pipeline = await newPipeline();
    const [start, won] = pipeline.stages as [StageOutput, StageOutput];
    const reorder = await asA('PUT', `/pipelines/${pipeline.id}/stages/order`, { stageIds: [won.id, start.id] });
    expect(reorder.status).toBe(400);
    expect(pathsOf(reorder.body)).toEqual(['stageIds.0']);

    const kind = await asA('PATCH', `/stages/${start.id}`, { kind: 'LOST' });
    expect(kind.status).toBe(400);
    expect(pathsOf(kind.body)).toEqual(['kind']);

    const insert = await asA('POST', `/pipelines/${pipeline.id}/stages`, { name: 'Lost', probability: 0, kind: 'LOST', position: 0 });
    expect(insert.status).toBe(400);
    expect(pathsOf(insert.body)).toEqual(['kind']);

    const unchanged = (await asA<PipelineOutput>('GET', `/pipelines/${pipeline.id}`)).body;
    expect(unchanged.stages.map((stage) => [stage.name, stage.kind])).toEqual([['Start', 'OPEN'], ['Won', 'WON']]);
  });
});

describe('the migration mends data written before the unique indexes', () => {
  test('duplicate positions are renumbered in order, and case-insensitive duplicate names get a suffix', async () => {
    const db = await openTestConnection();
    try {
      const all = readMigrations(migrationsDirectory());
      const mine = all.findIndex((migration) => migration.name.startsWith('20261201100000_'));
      expect(mine).toBeGreaterThan(0);
      const rows = await db.connection.withSession(async (session) => {
        await applyMigrations(session, all.slice(0, mine));
        await session.query(`
          WITH t AS (INSERT INTO "Tenant" (id, name, "updatedAt") VALUES (gen_random_uuid(), 'Old', now()) RETURNING id),
               u AS (INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt")
                     VALUES (gen_random_uuid(), 'old@example.test', 'x', 'Old', now()) RETURNING id),
               p AS (INSERT INTO "Pipeline" (id, "tenantId", name, "createdById", "createdAt", "updatedAt")
                     SELECT gen_random_uuid(), t.id, n.name, u.id, n.at, now() FROM t, u,
                       (VALUES ('Renewals', now() - interval '1 hour'), ('renewals', now())) AS n(name, at) RETURNING *)
          INSERT INTO "Stage" (id, "tenantId", "pipelineId", name, position, probability, "createdById", "createdAt", "updatedAt")
          SELECT gen_random_uuid(), p."tenantId", p.id, s.name, s.position, 10, p."createdById", now() + s.age, now()
            FROM p, (VALUES ('Intro', 0, interval '0'), ('intro', 1, interval '1 second'),
                            ('Demo', 6, interval '2 seconds'), ('Trial', 6, interval '3 seconds')) AS s(name, position, age)
           WHERE p.name = 'Renewals'`);
        await applyMigrations(session, all);
        return {
          pipelines: await session.query<{ name: string }>('SELECT name FROM "Pipeline" ORDER BY "createdAt"'),
          stages: await session.query<{ name: string; position: number }>('SELECT name, position FROM "Stage" ORDER BY position'),
        };
      });
      expect(rows.pipelines.map((row) => row.name)).toEqual(['Renewals', 'renewals (2)']);
      expect(rows.stages.map((row) => [row.name, row.position])).toEqual([['Intro', 0], ['intro (2)', 1], ['Demo', 2], ['Trial', 3]]);
    } finally {
      await db.close();
    }
  });
});
