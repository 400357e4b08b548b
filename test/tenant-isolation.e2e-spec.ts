import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ApiResponse } from './support/factories-contacts-tickets.js';
import { CASES, type IsolationCase } from './support/isolation-cases.js';
import { seedTenant, type Tenant } from './support/isolation-fixtures.js';
import { declaredRoutes, pathMatches, servedRoutes } from './support/served-routes.js';
import { idsIn, tenantSnapshot } from './support/tenant-snapshot.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Tenant B probes every REST route with tenant A's ids, filters and search terms (the cases
// live in support/isolation-cases.ts). Each probe must answer exactly as a random missing value
// does, write nothing, and leak nothing; afterwards every row of A is unchanged.

jest.setTimeout(120_000);

let testApp: TestApp;
let a: Tenant;
let b: Tenant;
let snapshotOfA: Record<string, unknown[]>;
let secretsOfA: string[];

beforeAll(async () => {
  testApp = await startTestApp();
  a = await seedTenant(testApp, 'qa');
  b = await seedTenant(testApp, 'qb');
  snapshotOfA = await tenantSnapshot(testApp.app, a.tenantId);
  secretsOfA = [...idsIn(snapshotOfA), a.term];
}, 120_000);
afterAll(() => testApp?.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A value of the same kind that names nothing: a fresh uuid, or A's term swapped for an unused one. */
function randomLike(value: string): string {
  if (UUID.test(value)) return randomUUID();
  if (!value.includes(a.term)) throw new Error(`probe value ${value} carries no tenant-A term to replace`);
  return value.split(a.term).join(`qr${randomBytes(5).toString('hex')}`);
}

async function send(c: IsolationCase, self: Tenant, values: string[]): Promise<ApiResponse> {
  const method = c.route.split(' ')[0]!.toUpperCase();
  const { path, body } = c.request(values, self);
  expect(pathMatches(c.route.split(' ')[1]!, `/api${path}`)).toBe(true);
  return self.api(method, path, body);
}

/** Status, content type and body, with the probed values replaced by placeholders. */
function normalised(response: ApiResponse, values: string[]): string {
  let text = JSON.stringify([response.status, response.contentType, response.body]);
  values.forEach((value, index) => { text = text.split(value).join(`<ref${index}>`); });
  return text;
}

async function bothTenants(): Promise<unknown[]> {
  return [await tenantSnapshot(testApp.app, a.tenantId), await tenantSnapshot(testApp.app, b.tenantId)];
}

/** Row-level diff first (readable), then the exact serialisation (byte-for-byte). */
function expectUnchanged(after: unknown, before: unknown): void {
  expect(after).toEqual(before);
  expect(JSON.stringify(after)).toBe(JSON.stringify(before));
}

test('every protected route has isolation cases: by id (404) and, for lists, by filter (empty)', () => {
  const served = servedRoutes(testApp.app);
  const declared = declaredRoutes(testApp.app);
  expect([...declared.keys()].sort()).toEqual(served);
  const missing: string[] = [];
  for (const [route, { guard, query }] of declared) {
    if (guard === 'public') continue;
    const cases = CASES.filter((c) => c.route === route);
    if (cases.length === 0) missing.push(`${route}: no case`);
    if (route.includes('{') && !cases.some((c) => c.expect === 404)) missing.push(`${route}: no 404 case for A's id`);
    // The timeline's query names one record, so A's answers like a missing one (404), not as an empty list.
    const filterAnswer = route === 'get /api/timeline' ? 404 : 'empty';
    if (query && !cases.some((c) => c.expect === filterAnswer)) missing.push(`${route}: no filter case`);
  }
  expect(missing).toEqual([]);
  // No stale rows: every case names a route the app serves behind the guard.
  expect(CASES.filter((c) => declared.get(c.route)?.guard !== 'bearer').map((c) => c.route)).toEqual([]);
});

describe.each(CASES.map((c) => [`${c.route}: ${c.name}`, c] as const))('%s', (_label, c) => {
  test(expectationLabel(c), async () => {
    const own = c.fresh ? { ...b, ...(await c.fresh(b)) } : b;
    const before = await bothTenants();
    const probe = c.refs(a);
    const probed = await send(c, own, probe);
    if (c.expect === 'accepted') {
      expect(probed.status < 300 ? 'accepted' : probed).toBe('accepted');
      expectUnchanged(await tenantSnapshot(testApp.app, a.tenantId), before[0]);
    } else {
      const stranger = probe.map(randomLike);
      const missing = await send(c, own, stranger);
      expectUnchanged(await bothTenants(), before);
      if (c.expect === 'own_only') expect(probed.status).toBe(200);
      else expect(normalised(probed, probe)).toBe(normalised(missing, stranger));
      if (c.expect === 404) expect([probed.status, probed.body?.code]).toEqual([404, 'not_found']);
      if (c.expect === 400) expect([probed.status, probed.body?.code]).toEqual([400, 'validation_failed']);
      if (c.expect === 'empty') expect(emptyAnswer(probed)).toEqual([200, [], 0]);
    }
    const leaked = secretsOfA.filter((secret) => normalised(probed, probe).includes(secret));
    expect(leaked).toEqual([]);
    await checkTheRequestWorks(c, own);
  });
});

/** A list's page (with its total), or search's results (which have no total), as [status, items, count]. */
function emptyAnswer(response: ApiResponse): unknown[] {
  const results = response.body?.results;
  if (Array.isArray(results)) return [response.status, results, results.length];
  return [response.status, response.body?.items, response.body?.total];
}

function expectationLabel(c: IsolationCase): string {
  const labels = { 404: 'answers 404 like a missing id', 400: 'is refused like a missing value', empty: 'finds nothing',
    accepted: 'is accepted: uniqueness is per tenant', own_only: 'shows only the caller\'s data' };
  return `${labels[c.expect]}, ${c.expect === 'accepted' ? 'leaves A alone' : 'writes nothing'}, leaks nothing`;
}

/**
 * The same request naming the caller's own values must work, or the probe proved nothing:
 * reads run as A on A's data (they write nothing), changes as B on B's own records.
 */
async function checkTheRequestWorks(c: IsolationCase, own: Tenant): Promise<void> {
  if (c.expect === 'accepted') return;
  const reads = c.route.startsWith('get ');
  const self = reads ? a : own;
  const response = await send(c, self, c.refs(self));
  // Printing the whole response when it fails shows why the request itself is wrong.
  if (c.control !== undefined) expect(response.status === c.control ? 'as expected' : response).toBe('as expected');
  else expect(response.status < 300 ? 'works' : response).toBe('works');
  const listed = response.body?.items ?? response.body?.results;
  if (reads && Array.isArray(listed)) expect(listed.length).toBeGreaterThan(0);
  if (c.expect === 'own_only') for (const value of c.refs(a)) expect(JSON.stringify(response.body)).toContain(value);
}

test('afterwards every row of tenant A is byte-for-byte what it was', async () => {
  expectUnchanged(await tenantSnapshot(testApp.app, a.tenantId), snapshotOfA);
});
