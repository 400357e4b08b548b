import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort, startExtraServer } from './support/bench-server.js';
import { loadAverage, prepareBench } from './support/bench-setup.js';
import { cpuMsOf } from './support/process-cpu.js';
import { HttpClient, interleave, measureClients, measureSequential, type Measurement, type Task } from './support/load.js';
import { mcpToolCaller } from './support/mcp-http-client.js';
import { ms, ratio, table, type Summary } from './support/stats.js';

/**
 * `npm run bench:mcp`: tools/call contact_list (native MCP, stateful and stateless),
 * GET /api/contacts with the same query, and the earlier forwarding design, at
 * concurrency 1 and 16. Flags: --contacts N --deals N --seconds N --warmup N (calls per
 * variant first) --keep.
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

type Variant = 'REST GET /api/contacts' | 'MCP stateful' | 'MCP stateless' | 'MCP forwarding to REST';

async function main(): Promise<void> {
  console.log('bench:mcp on PostgreSQL');
  const setup = await prepareBench({ contacts: CONTACTS, deals: DEALS }, { keep: args.includes('--keep') });
  const stopList: (() => Promise<void>)[] = [];
  try {
    // Every measured server is a process started the same way after seeding: the one that
    // seeded has a different heap and JIT history, which skewed comparisons with the others.
    const main = await startExtraServer(setup.databaseUrl, {});
    stopList.push(main.stop);
    const stateless = await startExtraServer(setup.databaseUrl, { MCP_MODE: 'stateless' });
    stopList.push(stateless.stop);
    const forwarding = await startForwardingServer(main.baseUrl);
    stopList.push(forwarding.stop);
    const token = setup.tenants[0]!.token;
    const clients = {
      rest: new HttpClient(main.baseUrl, 32),
      stateful: new HttpClient(main.baseUrl, 32),
      stateless: new HttpClient(stateless.baseUrl, 32),
      forwarding: new HttpClient(forwarding.baseUrl, 32),
    };
    // The processes each design runs on: forwarding needs its own and the REST server.
    const serverPids: Record<Variant, number[]> = {
      'REST GET /api/contacts': [main.pid],
      'MCP stateful': [main.pid],
      'MCP stateless': [stateless.pid],
      'MCP forwarding to REST': [forwarding.pid, main.pid],
    };
    const makers: Record<Variant, () => Promise<Task>> = {
      'REST GET /api/contacts': async () => () => clients.rest.getOk(REST_PATH, { authorization: `Bearer ${token}` }),
      'MCP stateful': () => mcpToolCaller(clients.stateful, { token, tool: 'contact_list', args: QUERY, session: true }),
      'MCP stateless': () => mcpToolCaller(clients.stateless, { token, tool: 'contact_list', args: QUERY, session: false }),
      'MCP forwarding to REST': () => mcpToolCaller(clients.forwarding, { token, tool: 'contact_list', args: QUERY, session: true }),
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
    const forwarding = results.get(`MCP forwarding to REST@${concurrency}`)!;
    console.log(`\nConcurrency ${concurrency} (${SECONDS} s each in ${ROUNDS} alternating rounds, contact_list ${JSON.stringify(QUERY)} = GET ${REST_PATH}):`);
    console.log(table([
      ['variant', 'req/s', 'p50 ms', 'p99 ms', 'vs REST req/s', 'vs forwarding req/s', 'p99 vs REST p99', 'server CPU µs/call', 'vs REST CPU'],
      ...['REST GET /api/contacts', 'MCP stateful', 'MCP stateless', 'MCP forwarding to REST'].map((variant) => {
        const s = results.get(`${variant}@${concurrency}`)!;
        return [
          variant, s.rps.toFixed(0), ms(s.p50), ms(s.p99), ratio(s.rps / rest.rps), ratio(s.rps / forwarding.rps), ratio(s.p99 / rest.p99),
          Number.isFinite(s.cpuUs) ? s.cpuUs.toFixed(0) : '-', ratio(s.cpuUs / rest.cpuUs),
        ];
      }),
    ]));
    const stateful = results.get(`MCP stateful@${concurrency}`)!;
    const stateless = results.get(`MCP stateless@${concurrency}`)!;
    const check = (label: string, ok: boolean) => console.log(`  ${ok ? 'met   ' : 'MISSED'} ${label}`);
    check(`stateful >= 0.85x REST throughput (${ratio(stateful.rps / rest.rps)})`, stateful.rps / rest.rps >= 0.85);
    check(`stateless >= 0.7x REST throughput (${ratio(stateless.rps / rest.rps)})`, stateless.rps / rest.rps >= 0.7);
    check(`stateful >= 1.5x forwarding (${ratio(stateful.rps / forwarding.rps)})`, stateful.rps / forwarding.rps >= 1.5);
    check(`stateless >= 1.5x forwarding (${ratio(stateless.rps / forwarding.rps)})`, stateless.rps / forwarding.rps >= 1.5);
    check(`stateful p99 <= 1.5x REST p99 (${ratio(stateful.p99 / rest.p99)})`, stateful.p99 / rest.p99 <= 1.5);
    check(`stateless p99 <= 1.5x REST p99 (${ratio(stateless.p99 / rest.p99)})`, stateless.p99 / rest.p99 <= 1.5);
  }
  console.log('\nClient: raw JSON-RPC over node:http keep-alive (no SDK client), so client overhead does not dominate.');
  console.log('Servers: production build, LOG_LEVEL=warn; stateless mode is a second server process on the same database;');
  console.log('the forwarding baseline is a bench-only SDK McpServer process calling GET /api/contacts on the main server.');
  console.log('Server CPU: user+system CPU of the server processes a variant runs on (forwarding: both), per call, from /proc.');
}

async function startForwardingServer(restBaseUrl: string): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = fork(fileURLToPath(new URL('./support/forwarding-mcp.server.js', import.meta.url)), [], {
    env: { ...process.env, REST_BASE_URL: restBaseUrl, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'message');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

await main();
