import { startExtraServer } from './support/bench-server.js';
import { loadAverage, prepareBench } from './support/bench-setup.js';
import { cpuMsOf } from './support/process-cpu.js';
import { HttpClient, interleave, measureClients, measureSequential, type Measurement, type Task } from './support/load.js';
import { mcpToolCaller } from './support/mcp-http-client.js';
import { ms, ratio, table, type Summary } from './support/stats.js';

/**
 * `npm run bench:mcp`: tools/call contact_list on both protocol generations (2026-07-28;
 * 2025-11-25 stateless, the default, and stateful; the stateless ones also with the direct
 * path off) and GET /api/contacts with the same query, at concurrency 1 and 16. Flags: --contacts N --deals N --seconds N --warmup N
 * (calls per variant first) --keep.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const CONTACTS = option('contacts', 100_000);
const DEALS = option('deals', 20_000);
const SECONDS = option('seconds', 10);
// Every server process gets the same warm-up, so none is measured half-optimised: the
// main server is already warm from seeding, the stateless and forwarding ones are not.
const WARMUP = option('warmup', 1500);
const CONCURRENCIES = [1, 16];
// Variants alternate in this many rounds (see interleave).
const ROUNDS = 10;
const QUERY = { limit: 25 };
const REST_PATH = '/api/contacts?limit=25';

// The "via SDK" variants run with MCP_DIRECT_TOOL_CALLS=false: every call through the SDK's
// per-request serving, the comparison ADR 0055 keeps the direct path on.
const VARIANTS = [
  'REST GET /api/contacts',
  'MCP 2026-07-28',
  'MCP 2025-11-25 stateless',
  'MCP 2025-11-25 stateful',
  'MCP 2026-07-28 via SDK',
  'MCP 2025-11-25 stateless via SDK',
] as const;
type Variant = (typeof VARIANTS)[number];

async function main(): Promise<void> {
  console.log('bench:mcp on PostgreSQL');
  const setup = await prepareBench({ contacts: CONTACTS, deals: DEALS }, { keep: args.includes('--keep') });
  const stopList: (() => Promise<void>)[] = [];
  try {
    // Every measured server is a process started the same way after seeding: the one that
    // seeded has a different heap and JIT history, which skewed comparisons with the others.
    const main = await startExtraServer(setup.databaseUrl, {});
    stopList.push(main.stop);
    const stateful = await startExtraServer(setup.databaseUrl, { MCP_MODE: 'stateful' });
    stopList.push(stateful.stop);
    const sdkOnly = await startExtraServer(setup.databaseUrl, { MCP_DIRECT_TOOL_CALLS: 'false' });
    stopList.push(sdkOnly.stop);
    const token = setup.tenants[0]!.token;
    const clients = {
      rest: new HttpClient(main.baseUrl, 32),
      modern: new HttpClient(main.baseUrl, 32),
      stateless: new HttpClient(main.baseUrl, 32),
      stateful: new HttpClient(stateful.baseUrl, 32),
      sdkModern: new HttpClient(sdkOnly.baseUrl, 32),
      sdkStateless: new HttpClient(sdkOnly.baseUrl, 32),
    };
    // REST and stateless MCP (the default) share one server process, as in production.
    const serverPids: Record<Variant, number[]> = {
      'REST GET /api/contacts': [main.pid],
      'MCP 2026-07-28': [main.pid],
      'MCP 2025-11-25 stateless': [main.pid],
      'MCP 2025-11-25 stateful': [stateful.pid],
      'MCP 2026-07-28 via SDK': [sdkOnly.pid],
      'MCP 2025-11-25 stateless via SDK': [sdkOnly.pid],
    };
    const makers: Record<Variant, () => Promise<Task>> = {
      'REST GET /api/contacts': async () => () => clients.rest.getOk(REST_PATH, { authorization: `Bearer ${token}` }),
      'MCP 2026-07-28': () => mcpToolCaller(clients.modern, { token, tool: 'contact_list', args: QUERY, session: false, modern: true }),
      'MCP 2025-11-25 stateless': () => mcpToolCaller(clients.stateless, { token, tool: 'contact_list', args: QUERY, session: false }),
      'MCP 2025-11-25 stateful': () => mcpToolCaller(clients.stateful, { token, tool: 'contact_list', args: QUERY, session: true }),
      'MCP 2026-07-28 via SDK': () => mcpToolCaller(clients.sdkModern, { token, tool: 'contact_list', args: QUERY, session: false, modern: true }),
      'MCP 2025-11-25 stateless via SDK': () => mcpToolCaller(clients.sdkStateless, { token, tool: 'contact_list', args: QUERY, session: false }),
    };
    const warmupStarted = Date.now();
    for (const make of Object.values(makers)) await measureSequential(await make(), WARMUP);
    console.log(`warmed up: ${WARMUP} calls per variant in ${((Date.now() - warmupStarted) / 1000).toFixed(1)} s`);
    const results = new Map<string, Summary>();
    for (const concurrency of CONCURRENCIES) {
      // Each simulated client opens its own session (stateful) before the clock starts.
      const runs = {} as Record<Variant, () => Promise<Measurement>>;
      for (const [variant, make] of Object.entries(makers) as [Variant, () => Promise<Task>][]) {
        const tasks = await Promise.all(Array.from({ length: concurrency }, () => make()));
        runs[variant] = async () => {
          const cpuBefore = cpuMsOf(serverPids[variant]);
          const measurement = await measureClients(tasks, (SECONDS * 1000) / ROUNDS);
          return { ...measurement, serverCpuMs: cpuMsOf(serverPids[variant]) - cpuBefore };
        };
      }
      for (const [variant, summary] of Object.entries(await interleave(runs, ROUNDS)) as [Variant, Summary][]) {
        results.set(`${variant}@${concurrency}`, summary);
        console.log(`  ${variant} c=${concurrency}: ${summary.rps.toFixed(0)} req/s, p50 ${ms(summary.p50)} ms, p99 ${ms(summary.p99)} ms, server CPU ${summary.cpuUs.toFixed(0)} µs/call`);
      }
    }
    Object.values(clients).forEach((client) => client.close());
    report(results);
    console.log(`\nload average now ${loadAverage()}`);
  } finally {
    for (const stop of stopList.reverse()) await stop();
    await setup.close();
  }
}

function report(results: Map<string, Summary>): void {
  for (const concurrency of CONCURRENCIES) {
    const rest = results.get(`REST GET /api/contacts@${concurrency}`)!;
    console.log(`\nConcurrency ${concurrency} (${SECONDS} s each in ${ROUNDS} alternating rounds, contact_list ${JSON.stringify(QUERY)} = GET ${REST_PATH}):`);
    console.log(table([
      ['variant', 'req/s', 'p50 ms', 'p99 ms', 'vs REST req/s', 'p99 vs REST p99', 'server CPU µs/call', 'vs REST CPU'],
      ...VARIANTS.map((variant) => {
        const s = results.get(`${variant}@${concurrency}`)!;
        return [
          variant, s.rps.toFixed(0), ms(s.p50), ms(s.p99), ratio(s.rps / rest.rps), ratio(s.p99 / rest.p99),
          Number.isFinite(s.cpuUs) ? s.cpuUs.toFixed(0) : '-', ratio(s.cpuUs / rest.cpuUs),
        ];
      }),
    ]));
    const check = (label: string, ok: boolean) => console.log(`  ${ok ? 'met   ' : 'MISSED'} ${label}`);
    for (const variant of VARIANTS.slice(1)) {
      const s = results.get(`${variant}@${concurrency}`)!;
      if (concurrency === 16) check(`${variant} >= 0.9x REST throughput (${ratio(s.rps / rest.rps)})`, s.rps / rest.rps >= 0.9);
      check(`${variant} server CPU/call <= 1.15x REST (${ratio(s.cpuUs / rest.cpuUs)})`, s.cpuUs / rest.cpuUs <= 1.15);
    }
  }
  console.log('\nClient: raw JSON-RPC over node:http keep-alive (no SDK client), so client overhead does not dominate.');
  console.log('Servers: production build, LOG_LEVEL=warn; REST and stateless MCP (the default) on one process, stateful on a second one,');
  console.log('"via SDK" (MCP_DIRECT_TOOL_CALLS=false, ADR 0055) on a third, all on the same database.');
  console.log('Server CPU: user+system CPU of the server process a variant runs on, per call, from /proc.');
}

await main();
