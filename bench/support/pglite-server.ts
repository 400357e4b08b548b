import { PGlite } from '@electric-sql/pglite';
import { createApp } from '../../server/src/create-app.js';
import { DATABASE_CONNECTION } from '../../server/src/database/database.module.js';
import type { DatabaseConnection } from '../../server/src/database/sql-session.js';
import { BENCH_ENV, freePort, type BenchServer } from './bench-server.js';
import type { CapturedStatement } from './capture-sql.js';

let recording: CapturedStatement[] | undefined;
const original = PGlite.prototype.query;
PGlite.prototype.query = function query(this: PGlite, ...args: Parameters<PGlite['query']>) {
  recording?.push({ text: args[0], values: [...(args[1] ?? [])] });
  return original.apply(this, args) as never;
} as PGlite['query'];

/**
 * The app on embedded PGlite (--pglite). PGlite lives inside the server's process, so
 * the server runs in this process too: the load generator then shares its event loop,
 * and the figures are only comparable with each other, not with PostgreSQL runs.
 */
export async function startPgliteServer(): Promise<BenchServer> {
  const port = await freePort();
  // Production requires the public origin (the OAuth issuer and MCP resource): here, the loopback port.
  Object.assign(process.env, BENCH_ENV, { PGLITE_DATA_DIR: 'memory://', DATABASE_URL: '', PUBLIC_URL: `http://127.0.0.1:${port}` });
  const app = await createApp();
  await app.listen(port, '127.0.0.1');
  const connection = app.get<DatabaseConnection>(DATABASE_CONNECTION);
  return {
    kind: 'pglite',
    baseUrl: `http://127.0.0.1:${port}`,
    pid: process.pid,
    sql: {
      query: (text, values) =>
        connection.withSession(async (session) => (await session.query(text, values)).map((row) => Object.values(row as object))),
    },
    async capture(work) {
      recording = [];
      try {
        await work();
        return recording;
      } finally {
        recording = undefined;
      }
    },
    stop: () => app.close(),
  };
}
