import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { existsSync, mkdirSync, openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/**
 * Opens PGlite on `dataDir` with the embedded settings, creating the database if the folder
 * has none (as a copy of `initialData`, a dump, when given). Takes no lock.
 */
export function createPglite(dataDir: string, initialData?: Blob): Promise<PGlite> {
  return PGlite.create(dataDir, { extensions: { pg_trgm }, postgresqlconf: [...EMBEDDED_SETTINGS], loadDataDir: initialData });
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
  /**
   * A dump of a data folder (PGlite's tar, as `dumpTo` writes it). A new database, `memory://`
   * or a folder without one yet, starts as a copy of it instead of an empty cluster; an
   * existing database ignores it (ADR 0053).
   */
  initialData?: string;
}

/** An embedded connection can also write its whole data folder to a file (`db:migrate --dump`). */
export interface PgliteConnection extends DatabaseConnection {
  readonly kind: 'pglite';
  /** Writes the data folder as an uncompressed tar: what PGLITE_INITIAL_DATA starts a new database from. */
  dumpTo(file: string): Promise<void>;
}

/**
 * `dataDir` is a folder, or `memory://` for a throwaway in-process database. A folder is
 * locked for as long as the connection is open: PGlite is single-process, and a second
 * process on the same files silently loses writes (ADR 0019).
 */
export async function openPglite(dataDir: string, options: OpenPgliteOptions = {}): Promise<PgliteConnection> {
  let unlock = async (): Promise<void> => undefined;
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    if (!inMemory) await options.beforeOpen?.(dataDir);
    const isNew = inMemory || !existsSync(join(dataDir, 'PG_VERSION'));
    // A file-backed Blob: PGlite reads the tar without a copy of it in this process's heap.
    db = await createPglite(dataDir, options.initialData && isNew ? await openAsBlob(options.initialData) : undefined);
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
    async dumpTo(file) {
      const dump = await db.dumpDataDir('none');
      await writeFile(file, dump.stream());
    },
    async close() {
      try {
        await db.close();
      } finally {
        await unlock();
      }
    },
  };
}
