import os from 'node:os';
import { createBenchDatabase } from './bench-database.js';
import { startPostgresServer, type BenchServer } from './bench-server.js';
import { HttpClient } from './load.js';
import { seedTenant, type SeededTenant } from './seed.js';

export interface BenchSetup {
  databaseUrl: string;
  server: BenchServer;
  http: HttpClient;
  tenants: SeededTenant[];
  close(): Promise<void>;
}

export const loadAverage = () => os.loadavg().map((load) => load.toFixed(2)).join(' ');

/**
 * A fresh PostgreSQL database, the production server on it, and two tenants of the
 * same size (the second one is there so tenant filters have something to filter out).
 */
export async function prepareBench(
  counts: { contacts: number; deals: number; companies?: number; tasks?: number },
  options: { keep?: boolean; sockets?: number; pglite?: boolean } = {},
): Promise<BenchSetup> {
  console.log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${loadAverage()}`);
  const database = options.pglite ? { url: 'pglite (in-process)', drop: async () => undefined } : await createBenchDatabase();
  let server: BenchServer | undefined;
  try {
    // Loaded only on request: it boots the whole app inside this process.
    server = options.pglite
      ? await (await import('./pglite-server.js')).startPgliteServer()
      : await startPostgresServer(database.url);
    const http = new HttpClient(server.baseUrl, options.sockets ?? 32);
    const started = Date.now();
    const tenants: SeededTenant[] = [];
    for (const [index, label] of ['A', 'B'].entries()) tenants.push(await seedTenant(http, server.sql, label, counts, 42 + index));
    await server.sql.query('ANALYZE');
    console.log(`seeded 2 tenants x (${counts.contacts} contacts, ${counts.companies ?? 0} companies, ${counts.deals} deals, ${counts.tasks ?? 0} tasks) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const running = server;
    return {
      databaseUrl: database.url,
      server: running,
      http,
      tenants,
      async close() {
        http.close();
        await running.stop();
        if (options.keep) console.log(`kept database ${database.url}`);
        else await database.drop();
      },
    };
  } catch (error) {
    await server?.stop();
    await database.drop();
    throw error;
  }
}
