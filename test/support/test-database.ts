import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../server/src/database/open-database.js';
import type { DatabaseConnection } from '../../server/src/database/sql-session.js';

/**
 * Picks the database for one test file. With TEST_DATABASE_URL (a PostgreSQL server
 * URL) every call creates a fresh, uniquely named database and drops it afterwards,
 * so runs never share state; otherwise an in-memory PGlite is used.
 *
 * Either starts as a copy of the database global-setup.mjs migrated once for the whole
 * run (ADR 0053); the app's migrator still runs at boot and finds nothing left to apply.
 * `empty` gives a database with nothing migrated, for the tests of the migrations and of
 * the app migrating at boot.
 */
export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // A new cluster (initdb) alone costs PGlite seconds: even `empty` starts from a dump.
    const initialData = options.empty ? process.env.SYNAPSE_TEST_PGLITE_EMPTY : process.env.SYNAPSE_TEST_PGLITE_MIGRATED;
    return {
      env: { PGLITE_DATA_DIR: 'memory://', PGLITE_INITIAL_DATA: initialData ?? '', DATABASE_URL: '' },
      drop: async () => undefined,
    };
  }
  const template = options.empty ? undefined : process.env.SYNAPSE_TEST_TEMPLATE_DATABASE;
  const name = uniqueDatabaseName('synapse_test');
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), DATABASE_POOL_MAX: '5' },
    drop: () => withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

export interface TestConnection {
  connection: DatabaseConnection;
  /** The fresh database's URL on PostgreSQL (to open more connections to it); undefined on PGlite. */
  url?: string;
  /** Closes the connection and drops the database. */
  close(): Promise<void>;
}

/** A raw connection to a fresh, empty database (nothing migrated), without booting the app. */
export async function openTestConnection(): Promise<TestConnection> {
  const database = await createTestDatabase({ empty: true });
  const url = database.env.DATABASE_URL || undefined;
  const connection = await openDatabase({
    DATABASE_URL: url,
    DATABASE_POOL_MAX: 5,
    PGLITE_DATA_DIR: 'memory://',
    PGLITE_INITIAL_DATA: database.env.PGLITE_INITIAL_DATA || undefined,
  });
  return {
    connection,
    url,
    async close() {
      await connection.close();
      await database.drop();
    },
  };
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function withAdmin(serverUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
