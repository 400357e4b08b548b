import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from './support/bench-database.js';
import { BENCH_ENV, freePort } from './support/bench-server.js';
import { loadAverage } from './support/bench-setup.js';
import { ratio, table } from './support/stats.js';

/**
 * `npm run bench:footprint`: boot-to-healthy time and idle RSS of the production server,
 * on PostgreSQL and on embedded PGlite (first boot on an empty folder, which migrates, and
 * a restart on that folder). Peak RSS is the server's own high-water mark; "with children" adds
 * the processes it starts (sampled every ~20 ms while booting). Flags: --runs N (default 3) --idle-seconds N (default 5).
 * Targets (issue 11): idle RSS under 150 MB on PostgreSQL and under 300 MB on PGlite.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const RUNS = option('runs', 3);
const IDLE_SECONDS = option('idle-seconds', 5);
const MAIN = fileURLToPath(new URL('../server/src/main.js', import.meta.url));
const TARGET_MB = { postgres: 150, pglite: 300 } as const;
// Measure the server as `npm run start:prod` starts it: the same Node flags (ADR 0039).
const START_SCRIPT = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod']!;
const NODE_FLAGS = START_SCRIPT.split(/\s+/).filter((word) => word.startsWith('--'));

interface Boot {
  readyMs: number;
  idleRssMb: number;
  peakRssMb: number;
  /** The server plus the processes it started (the first boot's migration child, ADR 0039), sampled while booting. */
  treePeakMb: number;
}

async function bootOnce(env: Record<string, string>): Promise<Boot> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = fork(MAIN, [], {
    env: { ...process.env, ...BENCH_ENV, PORT: String(port), PUBLIC_URL: baseUrl, ...env },
    execArgv: NODE_FLAGS,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const booting = await waitUntilReady(baseUrl, child);
    const readyMs = booting.readyAt - started;
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const { rss, peak } = memoryOf(child.pid!);
    return { readyMs, idleRssMb: rss, peakRssMb: peak, treePeakMb: Math.max(booting.treePeakMb, peak) };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

async function waitUntilReady(baseUrl: string, child: ChildProcess): Promise<{ readyAt: number; treePeakMb: number }> {
  const deadline = Date.now() + 120_000;
  let treePeakMb = 0;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} while starting.`);
    treePeakMb = Math.max(treePeakMb, treeRssMb(child.pid!));
    try {
      if ((await fetch(`${baseUrl}/api/health/ready`)).ok) return { readyAt: performance.now(), treePeakMb };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('The server was not ready within 120 s.');
}

/** VmRSS and VmHWM (peak) from /proc, in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** RSS of a process and its direct children, in MB; a process that has exited counts 0. */
function treeRssMb(pid: number): number {
  let children: number[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    // gone between the listing and the read
  }
  return [pid, ...children].reduce((sum, id) => {
    try {
      // A zombie (exited, not yet reaped) has no VmRSS line.
      return sum + (memoryOf(id).rss || 0);
    } catch {
      return sum;
    }
  }, 0);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  console.log(`bench:footprint: ${RUNS} boots per case, RSS read after ${IDLE_SECONDS} s idle, node ${NODE_FLAGS.join(' ')} (as start:prod); load average ${loadAverage()}`);
  const cases: { name: string; kind: keyof typeof TARGET_MB; boots: Boot[] }[] = [];

  const database = await createBenchDatabase();
  try {
    const boots: Boot[] = [];
    for (let run = 0; run < RUNS; run++) boots.push(await bootOnce({ DATABASE_URL: database.url }));
    cases.push({ name: 'PostgreSQL (migrated)', kind: 'postgres', boots });
  } finally {
    await database.drop();
  }

  const first: Boot[] = [];
  const restart: Boot[] = [];
  for (let run = 0; run < RUNS; run++) {
    const folder = mkdtempSync(join(tmpdir(), 'synapse-footprint-'));
    try {
      const env = { DATABASE_URL: '', PGLITE_DATA_DIR: folder };
      first.push(await bootOnce(env));
      restart.push(await bootOnce(env));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  cases.push({ name: 'PGlite, first boot (empty folder)', kind: 'pglite', boots: first });
  cases.push({ name: 'PGlite, restart', kind: 'pglite', boots: restart });

  console.log(table([
    ['case', 'boot-to-ready ms (median)', 'min', 'max', 'idle RSS MB (median)', 'max', 'peak RSS MB', 'with children', 'target MB', 'RSS/target', ''],
    ...cases.map(({ name, kind, boots }) => {
      const ready = boots.map((boot) => boot.readyMs);
      const rss = boots.map((boot) => boot.idleRssMb);
      const target = TARGET_MB[kind];
      return [name, median(ready).toFixed(0), Math.min(...ready).toFixed(0), Math.max(...ready).toFixed(0),
        median(rss).toFixed(0), Math.max(...rss).toFixed(0), Math.max(...boots.map((boot) => boot.peakRssMb)).toFixed(0),
        Math.max(...boots.map((boot) => boot.treePeakMb)).toFixed(0),
        String(target), ratio(median(rss) / target), median(rss) < target ? 'met' : 'MISSED'];
    }),
  ]));
}

await main();
