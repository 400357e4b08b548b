import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { DatabaseConnection, SqlSession } from './sql-session.js';

export function openPostgres(connectionString: string, poolMax: number): DatabaseConnection {
  const pool = new pg.Pool({
    connectionString,
    max: poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server (restart, failover) must not crash the process;
  // the pool discards it and the next query reconnects.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    adapter: new PrismaPg(pool),
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    async withSession(work) {
      const client = await pool.connect();
      const session: SqlSession = {
        query: async (sql, params) => (await client.query(sql, params)).rows,
        exec: async (script) => void (await client.query(script)),
      };
      try {
        return await work(session);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
