import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { mkdirSync } from 'node:fs';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { lockDataDir } from './data-dir-lock.js';
import type { DatabaseConnection, SqlSession } from './sql-session.js';

/**
 * PostgreSQL's defaults size its caches for a server of its own (shared_buffers 128 MB),
 * and in PGlite every page of them is WebAssembly memory of this process. An embedded,
 * one-user database needs far less; the operating system still caches the files. With
 * these, an idle server's memory drops by about 100 MB (`npm run bench:footprint`, ADR 0039).
 */
const EMBEDDED_SETTINGS = [
  'shared_buffers = 16MB',
  'wal_buffers = 1MB',
  'temp_buffers = 4MB',
  'work_mem = 4MB',
  'maintenance_work_mem = 16MB',
] as const;

/** Opens PGlite on `dataDir` with the embedded settings, creating the database if the folder has none. Takes no lock. */
export function createPglite(dataDir: string): Promise<PGlite> {
  return PGlite.create(dataDir, { extensions: { pg_trgm }, postgresqlconf: [...EMBEDDED_SETTINGS] });
}

// PGlite is a single connection; it already serialises callers, so a "session" is the database.
export function pgliteSession(db: PGlite): SqlSession {
  return {
    query: async (sql, params) => (await db.query(sql, params)).rows as never[],
    exec: async (script) => void (await db.exec(script)),
  };
}

export interface OpenPgliteOptions {
  /**
   * For a folder only: runs once the folder is locked and before this process opens it, with
   * the lock held throughout (a fresh folder is created and migrated in a child process, ADR 0039).
   */
  beforeOpen?: (dataDir: string) => Promise<void>;
}

/**
 * `dataDir` is a folder, or `memory://` for a throwaway in-process database. A folder is
 * locked for as long as the connection is open: PGlite is single-process, and a second
 * process on the same files silently loses writes (ADR 0019).
 */
export async function openPglite(dataDir: string, options: OpenPgliteOptions = {}): Promise<DatabaseConnection> {
  let unlock = async (): Promise<void> => undefined;
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    if (!inMemory) await options.beforeOpen?.(dataDir);
    db = await createPglite(dataDir);
  } catch (error) {
    await unlock();
    throw error;
  }
  const session = pgliteSession(db);
  return {
    kind: 'pglite',
    adapter: new PrismaPGlite(db),
    query: session.query,
    withSession: (work) => work(session),
    async close() {
      try {
        await db.close();
      } finally {
        await unlock();
      }
    },
  };
}
