/** The little raw-SQL surface the migrator and health check need, on either engine. */
export interface SqlSession {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a multi-statement script (simple query protocol). */
  exec(script: string): Promise<void>;
}

export interface DatabaseConnection {
  readonly kind: 'pglite' | 'postgres';
  /** Prisma driver adapter factory for this connection. */
  readonly adapter: unknown;
  /** Runs `work` on one dedicated connection, so session-level locks and transactions hold. */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
