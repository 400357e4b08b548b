import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsDirectory } from '../server/src/database/migrations-path.js';
import { applyMigrations, MigrationError, readMigrations } from '../server/src/database/migrator.js';
import { openPostgres } from '../server/src/database/postgres-connection.js';
import type { DatabaseConnection, SqlSession } from '../server/src/database/sql-session.js';
import { openTestConnection, type TestConnection } from './support/test-database.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
// Opening a fresh PGlite (WASM) can take seconds on a busy machine.
const TIMEOUT = 60_000;

let db: TestConnection;
let folder: string;
beforeEach(async () => {
  db = await openTestConnection();
  folder = mkdtempSync(join(tmpdir(), 'synapse-migrations-'));
}, TIMEOUT);
afterEach(async () => {
  await db.close();
  rmSync(folder, { recursive: true, force: true });
}, TIMEOUT);

function writeMigration(name: string, sql: string): void {
  mkdirSync(join(folder, name), { recursive: true });
  writeFileSync(join(folder, name, 'migration.sql'), sql);
}

const migrate = (connection: DatabaseConnection, directory = folder) =>
  connection.withSession((session) => applyMigrations(session, readMigrations(directory)));

const query = <Row>(sql: string, params?: unknown[]) =>
  db.connection.withSession((session: SqlSession) => session.query<Row>(sql, params));

const tableExists = async (name: string) =>
  (await query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`public."${name}"`]))[0].found !== null;

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  started_at: Date;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}
const migrationRows = () => query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');

test('applying the real migrations twice applies nothing the second time, and records them as Prisma does', async () => {
  const names = readMigrations(migrationsDirectory()).map((migration) => migration.name);
  expect(names.length).toBeGreaterThan(0);

  const first = await migrate(db.connection, migrationsDirectory());
  expect(first).toEqual({ applied: names, alreadyApplied: [] });
  const second = await migrate(db.connection, migrationsDirectory());
  expect(second).toEqual({ applied: [], alreadyApplied: names });

  const rows = await migrationRows();
  expect(rows.map((row) => row.migration_name)).toEqual(names);
  for (const row of rows) {
    // Prisma's checksum is the SHA-256 of the migration file, as lower-case hex.
    const file = readFileSync(join(migrationsDirectory(), row.migration_name, 'migration.sql'));
    expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime() - 1000);
    expect(row.rolled_back_at).toBeNull();
    expect(row.logs).toBeNull();
    expect(row.applied_steps_count).toBe(1);
  }
  expect(await tableExists('Tenant')).toBe(true);
}, TIMEOUT);

test('a migration that fails halfway is rolled back completely and the error names the migration and line', async () => {
  writeMigration('20260101000000_good', 'CREATE TABLE "Good" (id int PRIMARY KEY);\n');
  writeMigration(
    '20260102000000_bad',
    [
      'CREATE TABLE "Partial" (id int PRIMARY KEY);',
      'INSERT INTO "Partial" VALUES (1);',
      '',
      '-- the broken statement is on line 5',
      'ALTER TABLE "Partial" ADD COLUMN "oops" no_such_type;',
      'CREATE TABLE "NeverReached" (id int);',
    ].join('\n'),
  );

  const failure = await migrate(db.connection).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(MigrationError);
  expect(failure).toMatchObject({ migration: '20260102000000_bad', line: 5 });
  expect((failure as Error).message).toMatch(/20260102000000_bad failed at line 5: type "no_such_type" does not exist/);

  // The earlier migration stays applied; nothing of the failed one remains.
  expect(await tableExists('Good')).toBe(true);
  expect(await tableExists('Partial')).toBe(false);
  expect(await tableExists('NeverReached')).toBe(false);
  expect((await migrationRows()).map((row) => row.migration_name)).toEqual(['20260101000000_good']);

  // Fixed forward, it applies cleanly on the next run.
  writeMigration('20260102000000_bad', 'CREATE TABLE "Partial" (id int PRIMARY KEY);\n');
  expect(await migrate(db.connection)).toEqual({
    applied: ['20260102000000_bad'],
    alreadyApplied: ['20260101000000_good'],
  });
}, TIMEOUT);

test('errors PostgreSQL gives no position for are still located at their line', async () => {
  writeMigration(
    '20260101000000_missing_column',
    [
      'CREATE TABLE "Thing" (id int PRIMARY KEY, note text);',
      "INSERT INTO \"Thing\" VALUES (1, 'a; b');",
      '/* a comment; with a semicolon */',
      'CREATE INDEX "Thing_missing_idx"',
      '  ON "Thing" ("missing");',
    ].join('\n'),
  );
  await expect(migrate(db.connection)).rejects.toMatchObject({
    migration: '20260101000000_missing_column',
    line: 4,
    message: expect.stringContaining('failed at line 4: column "missing" does not exist'),
  });
  expect(await tableExists('Thing')).toBe(false);
  expect(await migrationRows()).toEqual([]);
}, TIMEOUT);

test('an applied migration whose file was edited is refused, and nothing after it is applied', async () => {
  writeMigration('20260101000000_first', 'CREATE TABLE "First" (id int);\n');
  await migrate(db.connection);

  writeMigration('20260101000000_first', 'CREATE TABLE "First" (id int, extra text);\n');
  writeMigration('20260102000000_second', 'CREATE TABLE "Second" (id int);\n');
  await expect(migrate(db.connection)).rejects.toThrow(
    'Migration 20260101000000_first was edited after it was applied (checksum differs). Add a new migration instead.',
  );
  expect(await tableExists('Second')).toBe(false);
  expect((await migrationRows()).map((row) => row.migration_name)).toEqual(['20260101000000_first']);
}, TIMEOUT);

(onPostgres ? test : test.skip)(
  'two connections migrating at once take turns under the advisory lock: each migration is applied exactly once',
  async () => {
    // The sleep keeps the first runner inside the migration while the second arrives; without
    // the lock both would run CREATE TABLE and one would fail.
    writeMigration('20260101000000_slow', 'SELECT pg_sleep(0.5);\nCREATE TABLE "Slow" (id int);\n');
    writeMigration('20260102000000_next', 'CREATE TABLE "Next" (id int);\n');
    const first = openPostgres(db.url!, 1);
    const second = openPostgres(db.url!, 1);
    try {
      const reports = await Promise.all([migrate(first), migrate(second)]);
      const all = ['20260101000000_slow', '20260102000000_next'];
      expect(reports.map((report) => report.applied).sort()).toEqual([[], all]);
      expect(reports.map((report) => report.alreadyApplied).sort()).toEqual([[], all]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
    const rows = await migrationRows();
    expect(rows.map((row) => row.migration_name)).toEqual(['20260101000000_slow', '20260102000000_next']);
  },
  TIMEOUT,
);
