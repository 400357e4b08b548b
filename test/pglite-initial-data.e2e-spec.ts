import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, readMigrations } from '../server/src/database/migrator.js';
import { migrationsDirectory } from '../server/src/database/migrations-path.js';
import { openPglite } from '../server/src/database/pglite-connection.js';
import { spawnTs } from './support/spawn-ts.js';

// PGLITE_INITIAL_DATA and `db:migrate --dump` (ADR 0053): a new embedded database starts as a
// copy of a dump, and an existing one never does. Embedded only, so the PostgreSQL run skips it.
const embedded = process.env.TEST_DATABASE_URL ? describe.skip : describe;
const migrations = readMigrations(migrationsDirectory());

embedded('PGLITE_INITIAL_DATA', () => {
  let folder: string;
  beforeAll(() => { folder = mkdtempSync(join(tmpdir(), 'synapse-initial-data-')); });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test('db:migrate --dump migrates the embedded database, then writes it to the file', async () => {
    const dump = join(folder, 'migrated.tar');
    const cli = spawnTs('server/src/database/migrate.cli.ts', ['--dump', dump], {
      PATH: process.env.PATH,
      PGLITE_DATA_DIR: 'memory://',
      // A new cluster from the run's empty dump: the same as initdb's, and seconds faster.
      PGLITE_INITIAL_DATA: process.env.SYNAPSE_TEST_PGLITE_EMPTY,
    });
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain(`PGlite at memory://: ${migrations.length} applied, 0 already up to date.`);
    expect(cli.stdout()).toContain(`Wrote the data folder to ${dump}.`);

    // A new in-memory database from it has every migration, and the migrator finds nothing to do.
    const copy = await openPglite('memory://', { initialData: dump });
    try {
      const report = await copy.withSession((session) => applyMigrations(session, migrations));
      expect(report).toEqual({ applied: [], alreadyApplied: migrations.map((migration) => migration.name) });
    } finally {
      await copy.close();
    }
  }, 120_000);

  test('a new folder starts from the dump; once it holds a database, the dump is ignored', async () => {
    const dataDir = join(folder, 'pglite');
    const migrated = process.env.SYNAPSE_TEST_PGLITE_MIGRATED!;
    const first = await openPglite(dataDir, { initialData: migrated });
    try {
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      await first.query(`INSERT INTO "Tenant" (id, name, "updatedAt") VALUES (gen_random_uuid(), 'Kept', now())`);
    } finally {
      await first.close();
    }
    // Reopened with the empty dump named: the folder's own data stays.
    const again = await openPglite(dataDir, { initialData: process.env.SYNAPSE_TEST_PGLITE_EMPTY });
    try {
      expect(await again.query('SELECT name FROM "Tenant"')).toEqual([{ name: 'Kept' }]);
    } finally {
      await again.close();
    }
  }, 120_000);
});
