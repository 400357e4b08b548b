import pg from 'pg';
import type { HealthOutput } from '../server/src/health/health.schemas.js';
import { DATABASE_CONNECTION } from '../server/src/database/database.module.js';
import type { DatabaseConnection } from '../server/src/database/sql-session.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Readiness must report a lost database while the process keeps answering.
let testApp: TestApp;
beforeAll(async () => { testApp = await startTestApp(); }, 60_000);
afterAll(() => testApp.close().catch(() => undefined));

const health = async () => {
  const response = await fetch(`${testApp.baseUrl}/api/health`);
  return { status: response.status, body: (await response.json()) as HealthOutput };
};

/** Makes the app's database unreachable; returns how to bring it back (if possible). */
async function takeDatabaseDown(): Promise<(() => Promise<void>) | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // PGlite lives in-process: closing it is the only way to lose it.
    await testApp.app.get<DatabaseConnection>(DATABASE_CONNECTION).close();
    return undefined;
  }
  const name = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try { await client.query(sql); } finally { await client.end(); }
  };
  await admin(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
  return () => admin(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
}

test('readiness fails with 503 and a reason, the server keeps serving, and recovers on PostgreSQL', async () => {
  expect((await health()).status).toBe(200);
  const restore = await takeDatabaseDown();

  const down = await health();
  expect(down.status).toBe(503);
  expect(down.body).toMatchObject({
    status: 'unavailable',
    liveness: { status: 'up' },
    readiness: { status: 'down', checks: { database: { status: 'down' } } },
  });
  expect(down.body.readiness.checks.database.error).toEqual(expect.any(String));

  // Still alive: other routes answer, and a route that needs the database fails cleanly.
  expect((await fetch(`${testApp.baseUrl}/api/auth/me`)).status).toBe(401);
  const signIn = await fetch(`${testApp.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'someone@example.test', password: 'whatever password' }),
  });
  expect(signIn.status).toBe(500);
  expect(signIn.headers.get('content-type')).toContain('application/problem+json');
  expect((await health()).status).toBe(503);

  if (restore) {
    await restore();
    expect((await health()).status).toBe(200);
  }
});
