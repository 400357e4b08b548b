import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { CapturedStatement } from './capture-sql.js';

/** Runs SQL against the benchmarked database: to seed it, and to time the raw queries. */
export interface SqlRunner {
  query(text: string, values?: unknown[]): Promise<unknown[]>;
}

export interface BenchServer {
  kind: 'postgres' | 'pglite';
  baseUrl: string;
  /** The server's process id (the bench's own for the in-process PGlite server). */
  pid: number;
  sql: SqlRunner;
  /** The SQL statements the server ran while `work` was in flight. */
  capture(work: () => Promise<unknown>): Promise<CapturedStatement[]>;
  stop(): Promise<void>;
}

export const BENCH_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  // Request logs off: the figures measure the API, not the log sink.
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
  SEED_ON_FIRST_START: 'false',
  // Long enough that no token expires during a run.
  ACCESS_TOKEN_TTL_SECONDS: '3600',
};

const MAIN = fileURLToPath(new URL('../../server/src/main.js', import.meta.url));
const CAPTURE = new URL('./capture-sql.js', import.meta.url).href;

/**
 * The production entry point in its own process, so the load generator and the server
 * do not share an event loop; pg is instrumented by the capture preload.
 */
export async function startPostgresServer(databaseUrl: string, env: Record<string, string> = {}, poolMax = 16): Promise<BenchServer> {
  const port = await freePort();
  const child = fork(MAIN, [], {
    // BENCH_SERVER_NODE_ARGS adds Node flags to every server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
    // to see where a server's time goes (NODE_OPTIONS refuses --cpu-prof).
    execArgv: ['--import', CAPTURE, ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    // Production requires the public origin (the OAuth issuer and MCP resource): here, the loopback port.
    env: { ...process.env, ...BENCH_ENV, DATABASE_URL: databaseUrl, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilUp(baseUrl, child);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax });
  return {
    kind: 'postgres',
    baseUrl,
    pid: child.pid!,
    sql: { query: async (text, values) => (await pool.query({ text, values, rowMode: 'array' })).rows },
    capture: (work) => captureFrom(child, work),
    async stop() {
      await pool.end();
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** Another server process on the same database (e.g. with MCP_MODE=stateless). */
export async function startExtraServer(databaseUrl: string, env: Record<string, string>): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }> {
  const server = await startPostgresServer(databaseUrl, env, 1);
  return { baseUrl: server.baseUrl, pid: server.pid, stop: () => server.stop() };
}

async function captureFrom(child: ChildProcess, work: () => Promise<unknown>): Promise<CapturedStatement[]> {
  const reply = (kind: string) =>
    new Promise<{ statements?: CapturedStatement[] }>((resolve) => {
      const onMessage = (message: { capture?: string; statements?: CapturedStatement[] }) => {
        if (message.capture !== kind) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
    });
  const started = reply('started');
  child.send({ capture: 'start' });
  await started;
  await work();
  const stopped = reply('stopped');
  child.send({ capture: 'stop' });
  return (await stopped).statements ?? [];
}

async function waitUntilUp(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} while starting.`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error('The server did not answer /api/health within 60 s.');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}
