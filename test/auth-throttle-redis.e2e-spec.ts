import { randomUUID } from 'node:crypto';
import { signUp, uniqueEmail } from './support/accounts.js';
import { burst, signInAs } from './support/sign-in.js';
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
}, 180_000);

withRedis('on Redis too: a concurrent burst is cut at the limit, and one client\'s burst does not lock the owner out elsewhere', async () => {
  const app = await startTestApp({
    SIGN_IN_MAX_FAILURES: '3',
    TRUST_PROXY: '127.0.0.1',
    REDIS_URL: redisUrl!,
    REDIS_KEY_PREFIX: `test-${randomUUID()}`,
  });
  try {
    const victim = await signUp(app.baseUrl);
    expect(await burst(app.baseUrl, victim.email, 16, '198.51.100.9')).toEqual([...Array(3).fill(401), ...Array(13).fill(429)]);
    expect((await signInAs(app.baseUrl, victim.email, victim.password, '192.0.2.30')).status).toBe(200);
    const attacker = await signInAs(app.baseUrl, victim.email, victim.password, '198.51.100.9');
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0);
  } finally {
    await app.close();
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
