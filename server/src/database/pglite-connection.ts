import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { mkdirSync } from 'node:fs';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { lockDataDir } from './data-dir-lock.js';
import type { DatabaseConnection, SqlSession } from './sql-session.js';

/**
 * `dataDir` is a folder, or `memory://` for a throwaway in-process database. A folder is
 * locked for as long as the connection is open: PGlite is single-process, and a second
 * process on the same files silently loses writes (ADR 0019).
 */
export async function openPglite(dataDir: string): Promise<DatabaseConnection> {
  let unlock = async () => undefined as void;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    const release = await lockDataDir(dataDir);
    let released = false;
    unlock = async () => {
      if (released) return;
      released = true;
      await release();
    };
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  } catch (error) {
    await unlock();
    throw error;
  }
  // PGlite is a single connection; it already serialises callers, so a "session" is the database.
  const session: SqlSession = {
    query: async (sql, params) => (await db.query(sql, params)).rows as never[],
    exec: async (script) => void (await db.exec(script)),
  };
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
