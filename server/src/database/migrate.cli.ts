// `npm run db:migrate`: applies pending migrations with the same migrator the app runs at boot.
// `npm run db:migrate -- --dump <file>` then writes the embedded database's data folder to <file>,
// which PGLITE_INITIAL_DATA starts new embedded databases from (ADR 0053).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.js';
import { applyMigrations, readMigrations } from './migrator.js';
import { migrationsDirectory } from './migrations-path.js';
import { openDatabase } from './open-database.js';
import { openPglite } from './pglite-connection.js';

async function main(): Promise<void> {
  const { dump } = parseArgs({ options: { dump: { type: 'string' } } }).values;
  // Only the database variables are read, so migrating needs no JWT or HTTP settings.
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    PGLITE_DATA_DIR: process.env.PGLITE_DATA_DIR,
    PGLITE_INITIAL_DATA: process.env.PGLITE_INITIAL_DATA,
  });
  if (dump && config.DATABASE_URL) throw new Error('--dump writes an embedded (PGlite) database; for PostgreSQL use pg_dump');
  const target = config.DATABASE_URL
    ? `PostgreSQL ${describeUrl(config.DATABASE_URL)}`
    : `PGlite at ${config.PGLITE_DATA_DIR}`;
  const embedded = dump ? await openPglite(config.PGLITE_DATA_DIR, { initialData: config.PGLITE_INITIAL_DATA }) : undefined;
  const connection = embedded ?? (await openDatabase({ ...config, DATABASE_POOL_MAX: 1 }));
  try {
    const report = await connection.withSession((session) =>
      applyMigrations(session, readMigrations(migrationsDirectory())),
    );
    for (const name of report.applied) console.log(`Applied ${name}`);
    console.log(`${target}: ${report.applied.length} applied, ${report.alreadyApplied.length} already up to date.`);
    if (embedded && dump) {
      await embedded.dumpTo(dump);
      console.log(`Wrote the data folder to ${dump}.`);
    }
  } catch (error) {
    throw new Error(`${target}: ${(error as Error).message}`);
  } finally {
    await connection.close();
  }
}

/** host:port/database, never the user or password. */
function describeUrl(url: string): string {
  const { host, pathname } = new URL(url);
  return `${host}${pathname}`;
}

try {
  await main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
