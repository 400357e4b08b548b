import { DATABASE_CONNECTION } from '../server/src/database/database.module.js';
import { readMigrations } from '../server/src/database/migrator.js';
import { migrationsDirectory } from '../server/src/database/migrations-path.js';
import type { DatabaseConnection } from '../server/src/database/sql-session.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The other files start from a database migrated once per run; this one gives the app an
// empty one, so that migrating at boot stays tested on every engine.
let testApp: TestApp;
let bootStarted: Date;
beforeAll(async () => {
  bootStarted = new Date();
  testApp = await startTestApp({}, { emptyDatabase: true });
});
afterAll(() => testApp.close());

test('boots with migrations applied and serves problem+json for unknown routes', async () => {
  const applied = await testApp.app.get<symbol, DatabaseConnection>(DATABASE_CONNECTION).query<{ migration_name: string; started_at: Date }>(
    'SELECT migration_name, started_at FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name',
  );
  expect(applied.map((row) => row.migration_name)).toEqual(readMigrations(migrationsDirectory()).map((migration) => migration.name));
  // Applied by this boot, not found already there.
  for (const row of applied) expect(new Date(row.started_at).getTime()).toBeGreaterThanOrEqual(bootStarted.getTime() - 1000);
  const prisma = testApp.app.get(PrismaClient);
  const stages = await prisma.stage.count();
  expect(stages).toBe(0);
  const response = await fetch(`${testApp.baseUrl}/api/nope`);
  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(((await response.json()) as { code: string }).code).toBe('route_not_found');
});
