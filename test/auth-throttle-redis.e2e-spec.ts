import { randomUUID } from 'node:crypto';
import { uniqueEmail } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Shared counters need a real Redis; CI sets TEST_REDIS_URL, a laptop without Redis skips.
const redisUrl = process.env.TEST_REDIS_URL;
const withRedis = redisUrl ? test : test.skip;

const signIn = (app: TestApp, email: string) =>
  fetch(`${app.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'wrong password' }),
  });

withRedis('two instances on one Redis count the same failures', async () => {
  // A prefix of its own, so earlier runs and other files never share this test's counters.
  const env = { SIGN_IN_MAX_FAILURES: '2', REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `test-${randomUUID()}` };
  const first = await startTestApp(env);
  const second = await startTestApp(env);
  try {
    const email = uniqueEmail('shared');
    expect((await signIn(first, email)).status).toBe(401);
    expect((await signIn(second, email)).status).toBe(401);
    // Two failures in all, one on each instance: both instances now refuse.
    expect((await signIn(first, email)).status).toBe(429);
    expect((await signIn(second, email)).status).toBe(429);
  } finally {
    await second.close();
    await first.close();
  }
}, 60_000);

test('with Redis unreachable, sign-in still works and failures are counted in memory', async () => {
  // Port 1: nothing listens there, so every Redis command fails at once.
  const app = await startTestApp({ SIGN_IN_MAX_FAILURES: '2', REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: 'synapse' });
  try {
    const email = uniqueEmail('fallback');
    expect((await signIn(app, email)).status).toBe(401);
    expect((await signIn(app, email)).status).toBe(401);
    expect((await signIn(app, email)).status).toBe(429);
  } finally {
    await app.close();
  }
}, 60_000);
