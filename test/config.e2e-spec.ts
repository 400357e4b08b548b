import { ConfigError } from '../server/src/config/load-config.js';
import { createApp } from '../server/src/create-app.js';
import { signUp } from './support/accounts.js';
import { startTestApp } from './support/test-app.js';

/** Runs `work` with some environment variables changed, then puts them back. */
async function withEnv<T>(changes: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((key) => [key, process.env[key]]));
  Object.assign(process.env, changes);
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const baseEnv = { LOG_LEVEL: 'silent', PGLITE_DATA_DIR: 'memory://', DATABASE_URL: '', JWT_SECRET: 'x'.repeat(40) };

test.each([
  [{ PORT: 'eighty' }, 'PORT', 'eighty'],
  [{ DATABASE_URL: 'mysql://root:hunter2@db/crm' }, 'DATABASE_URL', 'hunter2'],
  [{ NODE_ENV: 'production', JWT_SECRET: '' }, 'JWT_SECRET', undefined],
])('the app refuses to boot on %j, naming %s and never echoing the value', async (changes, name, value) => {
  const error = await withEnv({ ...baseEnv, ...changes }, () => createApp().then(() => undefined, (failure: unknown) => failure));
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).toContain(name);
  if (value) expect((error as Error).message).not.toContain(value);
}, 30_000);

test('development without JWT_SECRET boots with a generated secret that works', async () => {
  const testApp = await startTestApp({ NODE_ENV: 'development', JWT_SECRET: '' });
  try {
    const account = await signUp(testApp.baseUrl);
    const me = await fetch(`${testApp.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${account.accessToken}` } });
    expect(me.status).toBe(200);
  } finally {
    await testApp.close();
  }
}, 60_000);
