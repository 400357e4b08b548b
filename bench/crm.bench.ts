import type { SqlRunner } from './support/bench-server.js';
import { measureAuditCost } from './support/audit-cost.js';
import { seedLongTimeline } from './support/seed-timeline.js';
import { loadAverage, prepareBench } from './support/bench-setup.js';
import type { CapturedStatement } from './support/capture-sql.js';
import { startFloorServer, type FloorServer } from './support/floor.js';
import { HttpClient, interleave, type Measurement, measureClients, measureSequential } from './support/load.js';
import { dataStatements, explainSummary, replay } from './support/replay.js';
import type { SeededTenant } from './support/seed.js';
import { ms, ratio, table, type Summary } from './support/stats.js';

/**
 * `npm run bench:crm`: list and search endpoints over loopback HTTP against the same SQL run raw
 * through pg. Flags: --contacts N --companies N --deals N --tasks N --iterations N --concurrency N --seconds N
 * --timeline N (audit entries of the long-history record, default 10000) --deep N (pages) --only PREFIX (only the scenarios whose name starts with it, e.g. --only tasks) --writes N (audit trail cost: PATCHes with the trail on and off; 0 skips) --warmup N (requests per endpoint first) --explain (print full plans) --keep (keep the database) --pglite (embedded
 * PGlite instead of PostgreSQL; the targets are for PostgreSQL).
 */
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const CONTACTS = option('contacts', 100_000);
const COMPANIES = option('companies', 20_000);
const DEALS = option('deals', 20_000);
const TASKS = option('tasks', 20_000);
const ITERATIONS = option('iterations', 400);
// Requests per endpoint before anything is measured: V8 needs a few thousand calls of a
// path before its code is fully optimised, and production runs warm.
const WARMUP = option('warmup', 1500);
const CONCURRENCY = option('concurrency', 8);
const SECONDS = option('seconds', 3);
const DEEP_PAGES = option('deep', 200);
const onlyIndex = args.indexOf('--only');
const ONLY = onlyIndex >= 0 ? args[onlyIndex + 1] ?? '' : '';
// HTTP and raw alternate in this many rounds (see interleave).
const ROUNDS = 4;
const TARGET_P95_MS = 25;
const TARGET_RATIO = 3;

interface Scenario {
  name: string;
  path: string;
}

interface Result {
  scenario: Scenario;
  statements: CapturedStatement[];
  plan: string;
  http: Summary;
  raw: Summary;
  httpLoad: Summary;
  rawLoad: Summary;
  /** The same statements behind a bare node:http server (PostgreSQL runs only). */
  floor?: Summary;
}

async function main(): Promise<void> {
  const started = Date.now();
  const pglite = flag('pglite');
  console.log(`bench:crm on ${pglite ? 'PGlite, in-process (server and load generator share one event loop)' : 'PostgreSQL'}`);
  const setup = await prepareBench({ contacts: CONTACTS, companies: COMPANIES, deals: DEALS, tasks: TASKS }, { keep: flag('keep'), sockets: CONCURRENCY * 2, pglite });
  const { server, http, tenants } = setup;
  let floor: { server: FloorServer; http: HttpClient } | undefined;
  try {
    if (!pglite) {
      const floorServer = await startFloorServer(setup.databaseUrl);
      floor = { server: floorServer, http: new HttpClient(floorServer.baseUrl, CONCURRENCY * 2) };
    }
    const tenant = tenants[0]!;
    const headers = { authorization: `Bearer ${tenant.token}` };
    const longHistory = await seedLongTimeline(server.sql, tenant, option('timeline', 10_000));
    const allScenarios: Scenario[] = [
      { name: 'contacts first page', path: '/api/contacts?limit=25' },
      { name: `contacts page ${DEEP_PAGES}`, path: await deepPath(http, '/api/contacts?limit=25', headers, DEEP_PAGES) },
      { name: 'contacts q=gmail first page', path: '/api/contacts?limit=25&q=gmail' },
      { name: `contacts q=gmail page ${DEEP_PAGES}`, path: await deepPath(http, '/api/contacts?limit=25&q=gmail', headers, DEEP_PAGES) },
      { name: 'contacts q=kowalski first page', path: '/api/contacts?limit=25&q=kowalski' },
      // One match, on the oldest row: the worst case for a newest-first scan that filters as it goes.
      { name: 'contacts q=<one oldest email>', path: `/api/contacts?limit=25&q=${encodeURIComponent(await oldestEmail(server.sql, tenant))}` },
      { name: 'deals stage=Negotiation', path: '/api/deals?limit=25&stage=Negotiation' },
      // Task lists (issue 12): the owner holds about a tenth of the tasks.
      { name: 'tasks mine, open', path: '/api/tasks?limit=25&mine=true&status=open' },
      { name: 'tasks overdue', path: '/api/tasks?limit=25&overdue=true' },
      { name: 'tasks mine, overdue', path: '/api/tasks?limit=25&mine=true&overdue=true' },
      { name: 'tasks due this week', path: '/api/tasks?limit=25&dueWithin=week&timezone=Europe%2FBerlin' },
      // Timeline (issue 12): one record with TIMELINE_ENTRIES audit entries, first page and a deep page.
      { name: 'timeline first page', path: `/api/timeline?limit=25&record=${encodeURIComponent(`crm://contacts/${longHistory}`)}` },
      { name: `timeline page ${DEEP_PAGES}`, path: await deepPath(http, `/api/timeline?limit=25&record=${encodeURIComponent(`crm://contacts/${longHistory}`)}`, headers, DEEP_PAGES) },
      { name: 'tasks about a contact', path: `/api/tasks?limit=25&record=${encodeURIComponent(`crm://contacts/${await linkedContact(server.sql, tenant)}`)}` },
      { name: 'companies first page', path: '/api/companies?limit=25' },
      // One search (ADR 0045): a last name (contacts only, ~1/60 of them), a company name
      // (~1/120 of companies and of contacts' company labels), and one whole domain (an exact hit).
      { name: 'search q=kowalski', path: '/api/search?q=kowalski' },
      { name: 'search q=northwind', path: '/api/search?q=northwind' },
      { name: 'search q=<one company domain>', path: `/api/search?q=${encodeURIComponent(await someDomain(server.sql, tenant))}` },
    ];
    const scenarios = allScenarios.filter((scenario) => scenario.name.startsWith(ONLY));

    const warmupStarted = Date.now();
    for (const scenario of scenarios) await measureSequential(() => http.getOk(scenario.path, headers), WARMUP);
    console.log(`warmed up: ${WARMUP} requests per endpoint in ${((Date.now() - warmupStarted) / 1000).toFixed(1)} s`);

    const results: Result[] = [];
    for (const scenario of scenarios) {
      const get = () => http.getOk(scenario.path, headers);
      const statements = dataStatements(await server.capture(get));
      if (statements.length === 0) throw new Error(`No SQL captured for ${scenario.path}`);
      const explained = await slowestPlan(server.sql, statements);
      const sql = server.sql;
      const raw = () => replay(sql, statements);
      const perRound = Math.ceil(ITERATIONS / ROUNDS);
      const runs: Record<string, () => Promise<Measurement>> = {
        http: () => measureSequential(get, perRound),
        raw: () => measureSequential(raw, perRound),
      };
      if (floor) {
        const { http: floorHttp } = floor;
        const floorPath = await floor.server.register(statements);
        runs.floor = () => measureSequential(() => floorHttp.getOk(floorPath, {}), perRound);
      }
      const sequential = await interleave(runs, ROUNDS);
      const loaded = await interleave({
        http: () => measureClients(Array(CONCURRENCY).fill(get), (SECONDS * 1000) / ROUNDS),
        raw: () => measureClients(Array(CONCURRENCY).fill(raw), (SECONDS * 1000) / ROUNDS),
      }, ROUNDS);
      results.push({
        scenario, statements, plan: explained.plan, http: sequential.http!, raw: sequential.raw!,
        httpLoad: loaded.http, rawLoad: loaded.raw, floor: sequential.floor,
      });
      console.log(`  ${scenario.name}: ${statements.length} statement(s); plan: ${explained.summary}`);
      if (flag('explain')) console.log(statements.map((s) => s.text).join(';\n') + '\n' + explained.plan + '\n');
    }
    report(results);
    if (option('writes', 2000) > 0) await measureAuditCost(server, http, tenant, option('writes', 2000), ROUNDS);
    console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${loadAverage()}`);
  } finally {
    floor?.http.close();
    await floor?.server.stop();
    await setup.close();
  }
}

async function oldestEmail(sql: SqlRunner, tenant: SeededTenant): Promise<string> {
  const rows = (await sql.query(
    `SELECT "email" FROM "Contact" WHERE "tenantId" = $1 AND "email" IS NOT NULL ORDER BY "createdAt", "id" LIMIT 1`,
    [tenant.tenantId],
  )) as string[][];
  return rows[0]![0]!.split('@')[0]!;
}

/** A contact that tasks are linked to (the seed links each task to one contact). */
async function linkedContact(sql: SqlRunner, tenant: SeededTenant): Promise<string> {
  const rows = (await sql.query(
    `SELECT "linkedRecordIds"[1]::text FROM "Task" WHERE "tenantId" = $1 ORDER BY "id" LIMIT 1`,
    [tenant.tenantId],
  )) as string[][];
  return rows[0]![0]!;
}

async function someDomain(sql: SqlRunner, tenant: SeededTenant): Promise<string> {
  const rows = (await sql.query(
    `SELECT "domain" FROM "Company" WHERE "tenantId" = $1 AND "domain" IS NOT NULL ORDER BY "createdAt", "id" LIMIT 1`,
    [tenant.tenantId],
  )) as string[][];
  return rows[0]?.[0] ?? 'no-company.example';
}

/** EXPLAIN ANALYZE of the statement of the request that costs the most. */
async function slowestPlan(sql: SqlRunner, statements: CapturedStatement[]): Promise<{ summary: string; plan: string; ms: number }> {
  const plans = await Promise.all(statements.map((statement) => explainSummary(sql, statement)));
  return plans.reduce((slowest, plan) => (plan.ms > slowest.ms ? plan : slowest));
}

/** Follows nextCursor `pages` times and returns the URL of that page. */
async function deepPath(http: HttpClient, first: string, headers: Record<string, string>, pages: number): Promise<string> {
  let path = first;
  for (let page = 1; page < pages; page++) {
    const body = JSON.parse(await http.getOk(path, headers)) as { nextCursor: string | null };
    if (!body.nextCursor) break;
    path = `${first}&cursor=${encodeURIComponent(body.nextCursor)}`;
  }
  return path;
}

function report(results: Result[]): void {
  console.log(`\nLatency at concurrency 1 (${ITERATIONS} requests each, in ${ROUNDS} alternating rounds), ms; "raw" = the same SQL Prisma sent (captured in the server), run directly: through pg from this process (PostgreSQL) or on the PGlite instance (--pglite).`);
  console.log(table([
    ['endpoint', 'http p50', 'p95', 'p99', 'raw p50', 'p95', 'p99', 'p50 ratio', 'p95 ratio', 'p99 ratio', 'target'],
    ...results.map(({ scenario, http, raw }) => {
      const ok = http.p95 < TARGET_P95_MS && http.p95 / raw.p95 <= TARGET_RATIO;
      return [scenario.name, ms(http.p50), ms(http.p95), ms(http.p99), ms(raw.p50), ms(raw.p95), ms(raw.p99),
        ratio(http.p50 / raw.p50), ratio(http.p95 / raw.p95), ratio(http.p99 / raw.p99), ok ? 'met' : 'MISSED'];
    }),
  ]));
  const floored = results.filter((result) => result.floor);
  if (floored.length > 0) {
    console.log('\nFloor at concurrency 1: the same statements behind a bare node:http + pg server in its own process (no framework, ORM, auth or validation), the lowest any HTTP endpoint can go here.');
    console.log(table([
      ['endpoint', 'floor p50', 'p95', 'p99', 'floor/raw p95', 'http/floor p95', 'http p95 - floor p95'],
      ...floored.map(({ scenario, http, raw, floor }) => [scenario.name, ms(floor!.p50), ms(floor!.p95), ms(floor!.p99),
        ratio(floor!.p95 / raw.p95), ratio(http.p95 / floor!.p95), ms(http.p95 - floor!.p95)]),
    ]));
  }
  console.log(`\nThroughput at concurrency ${CONCURRENCY} (${SECONDS} s each).`);
  console.log(table([
    ['endpoint', 'http req/s', 'p50', 'p95', 'p99', 'raw q/s', 'p50', 'p95', 'p99', 'req/s ratio', 'p95 ratio'],
    ...results.map(({ scenario, httpLoad, rawLoad }) => [scenario.name, httpLoad.rps.toFixed(0), ms(httpLoad.p50), ms(httpLoad.p95),
      ms(httpLoad.p99), rawLoad.rps.toFixed(0), ms(rawLoad.p50), ms(rawLoad.p95), ms(rawLoad.p99),
      ratio(httpLoad.rps / rawLoad.rps), ratio(httpLoad.p95 / rawLoad.p95)]),
  ]));
  const byName = new Map(results.map((result) => [result.scenario.name, result]));
  console.log('\nDeep page vs first page (http p95):');
  for (const [deep, first] of [[`contacts page ${DEEP_PAGES}`, 'contacts first page'], [`contacts q=gmail page ${DEEP_PAGES}`, 'contacts q=gmail first page']]) {
    const d = byName.get(deep!);
    const f = byName.get(first!);
    if (d && f) console.log(`  ${deep}: ${ratio(d.http.p95 / f.http.p95)} of ${first}`);
  }
  console.log(`\nTargets: http p95 < ${TARGET_P95_MS} ms and <= ${TARGET_RATIO}x raw p95. Server: production build, LOG_LEVEL=warn, pool 10 (PostgreSQL); client: node:http keep-alive.`);
}

await main();
