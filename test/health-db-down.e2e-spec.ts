import pg from 'pg';
import type { HealthOutput } from '../server/src/health/health.schemas.js';
import { DATABASE_CONNECTION } from '../server/src/database/database.module.js';
import type { DatabaseConnection } from '../server/src/database/sql-session.js';
import { signUp } from './support/accounts.js';
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

test('readiness fails with 503 in fixed words, liveness stays 200, requests answer 503 with Retry-After, and it recovers on PostgreSQL', async () => {
  const account = await signUp(testApp.baseUrl);
  expect((await health()).status).toBe(200);
  const restore = await takeDatabaseDown();

  for (const path of ['/api/health', '/api/health/ready']) {
    const response = await fetch(`${testApp.baseUrl}${path}`);
    const body = (await response.json()) as HealthOutput;
    expect(response.status).toBe(503);
    expect(body).toMatchObject({
      status: 'unavailable',
      liveness: { status: 'up' },
      readiness: { status: 'down', checks: { database: { status: 'down', error: 'The database cannot be reached.' } } },
    });
  }
  const live = await fetch(`${testApp.baseUrl}/api/health/live`);
  expect(live.status).toBe(200);
  expect(await live.json()).toEqual({ status: 'ok' });

  // Still alive: a route that needs no database answers, and one that needs it says "retry".
  expect((await fetch(`${testApp.baseUrl}/api/auth/me`)).status).toBe(401);
  const signIn = await fetch(`${testApp.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'someone@example.test', password: 'whatever password' }),
  });
  // The authentication path too: the membership lookup of a valid token.
  const authenticated = await fetch(`${testApp.baseUrl}/api/contacts`, { headers: { authorization: `Bearer ${account.accessToken}` } });
  for (const response of [signIn, authenticated]) {
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ status: 503, code: 'unavailable', detail: expect.stringMatching(/retry/i) });
  }
  expect((await health()).status).toBe(503);

  if (restore) {
    await restore();
    expect((await health()).status).toBe(200);
  }
});
