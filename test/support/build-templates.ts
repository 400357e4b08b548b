// Run once per jest run by global-setup.mjs (in a child node with the swc loader: jest's
// global setup cannot load our ESM TypeScript). Migrating is the same for every test file,
// so it is done here once; each file's database then starts as a copy (ADR 0053).
// Prints one JSON line: the environment variables test-database.ts reads.
import { join } from 'node:path';
import { applyMigrations, readMigrations } from '../../server/src/database/migrator.js';
import { migrationsDirectory } from '../../server/src/database/migrations-path.js';
import { openPglite } from '../../server/src/database/pglite-connection.js';
import { openPostgres } from '../../server/src/database/postgres-connection.js';
import type { DatabaseConnection } from '../../server/src/database/sql-session.js';
import { uniqueDatabaseName, withAdmin } from './test-database.js';

const migrate = (connection: DatabaseConnection) =>
  connection.withSession((session) => applyMigrations(session, readMigrations(migrationsDirectory())));

async function pgliteTemplates(folder: string): Promise<Record<string, string>> {
  const empty = join(folder, 'empty.tar');
  const migrated = join(folder, 'migrated.tar');
  const connection = await openPglite('memory://');
  try {
    // Creating a cluster (initdb) costs PGlite seconds, more than the migrations: tests that
    // need an empty database start from this copy of a new one.
    await connection.dumpTo(empty);
    await migrate(connection);
    await connection.dumpTo(migrated);
  } finally {
    await connection.close();
  }
  return { SYNAPSE_TEST_PGLITE_EMPTY: empty, SYNAPSE_TEST_PGLITE_MIGRATED: migrated };
}

async function postgresTemplate(serverUrl: string): Promise<Record<string, string>> {
  const name = uniqueDatabaseName('synapse_template');
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // Every connection must be gone before CREATE DATABASE ... TEMPLATE can copy it.
  const connection = await openPostgres(url.toString(), 1);
  try {
    await migrate(connection);
  } finally {
    await connection.close();
  }
  return { SYNAPSE_TEST_TEMPLATE_DATABASE: name };
}

const serverUrl = process.env.TEST_DATABASE_URL;
const env = serverUrl ? await postgresTemplate(serverUrl) : await pgliteTemplates(process.argv[2]!);
process.stdout.write(`${JSON.stringify(env)}\n`);
