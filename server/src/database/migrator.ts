import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlSession } from './sql-session.js';
import { splitStatements } from './sql-statements.js';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    readonly line: number | undefined,
    cause: unknown,
  ) {
    const where = line ? ` at line ${line}` : '';
    super(`Migration ${migration} failed${where}: ${(cause as Error)?.message ?? cause}. It was rolled back.`, {
      cause,
    });
    this.name = 'MigrationError';
  }
}

// Arbitrary, fixed key: every Synapse instance contends for the same advisory lock.
const MIGRATION_LOCK_KEY = 72_707_369;

// The bookkeeping table exactly as Prisma Migrate creates it, so its tools agree with ours.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Reads Prisma-format migration folders (`<timestamp>_<name>/migration.sql`) in order. */
export function readMigrations(directory: string): Migration[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(directory, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies pending migrations, each in its own transaction, under a session advisory lock
 * so that instances booting together take turns; the later ones find nothing to do.
 */
export async function applyMigrations(session: SqlSession, migrations: Migration[]): Promise<MigrationReport> {
  await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await session.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await session.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const recorded = done.get(migration.name);
      if (recorded !== undefined) {
        if (recorded !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} was edited after it was applied (checksum differs). Add a new migration instead.`,
          );
        }
        report.alreadyApplied.push(migration.name);
        continue;
      }
      await applyOne(session, migration);
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

async function applyOne(session: SqlSession, migration: Migration): Promise<void> {
  const startedAt = new Date();
  await session.exec('BEGIN');
  try {
    await session.exec(migration.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt],
    );
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK');
    throw new MigrationError(migration.name, await failingLine(session, migration.sql, error), error);
  }
}

/**
 * PostgreSQL reports a character position for syntax-level errors only. For the rest (a
 * missing column, a duplicate key...) the statements are replayed one by one in a
 * transaction that is rolled back, and the first that fails gives the line.
 */
async function failingLine(session: SqlSession, sql: string, error: unknown): Promise<number | undefined> {
  const position = positionOf(error);
  if (position !== undefined) return lineAt(sql, position);
  try {
    await session.exec('BEGIN');
    try {
      for (const statement of splitStatements(sql)) {
        try {
          await session.exec(statement.text);
        } catch (replayError) {
          return lineAt(sql, statement.offset + (positionOf(replayError) ?? 0));
        }
      }
    } finally {
      await session.exec('ROLLBACK');
    }
  } catch {
    // Locating is best effort; the original error is what matters.
  }
  return undefined;
}

/** PostgreSQL's 1-based character position, as a 0-based offset. */
function positionOf(error: unknown): number | undefined {
  const position = Number((error as { position?: string | number })?.position);
  return Number.isInteger(position) && position >= 1 ? position - 1 : undefined;
}

function lineAt(sql: string, offset: number): number {
  return sql.slice(0, offset).split('\n').length;
}
