import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { mkdirSync } from 'node:fs';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseConnection, SqlSession } from './sql-session.js';

/** `dataDir` is a folder, or `memory://` for a throwaway in-process database. */
export async function openPglite(dataDir: string): Promise<DatabaseConnection> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
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
    close: () => db.close(),
  };
}
