/** The little raw-SQL surface the migrator, the health check and the token verifier need, on either engine. */
export interface SqlSession {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a multi-statement script (simple query protocol). */
  exec(script: string): Promise<void>;
}

export interface DatabaseConnection {
  readonly kind: 'pglite' | 'postgres';
  /** Prisma driver adapter factory for this connection. */
  readonly adapter: unknown;
  /**
   * One statement on any pooled connection, outside Prisma: for the fixed lookup every
   * authenticated request makes, where the ORM's per-query work would cost more than the query.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs `work` on one dedicated connection, so session-level locks and transactions hold. */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
