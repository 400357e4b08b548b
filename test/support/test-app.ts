import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/src/create-app.js';
import { recordServedRoutes } from './served-routes.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** e.g. http://127.0.0.1:41234 — the app listens on an ephemeral port. */
  baseUrl: string;
  close(): Promise<void>;
}

const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  SEED_ON_FIRST_START: 'false',
  // Sign-up's floor (400 ms by default) only idles a worker in files that do not test it; the
  // files that do set their own (sign-up-enumeration, health-shutdown).
  SIGN_UP_MIN_DURATION_MS: '0',
  // process.env outlives a test file in a Jest worker: options another file set must not leak in.
  REDIS_URL: '',
  REDIS_KEY_PREFIX: '',
  MCP_MODE: '',
  TRUST_PROXY: '',
};

/**
 * Boots the real application (same factory as production) on a fresh database, or with
 * `shareDatabase` on the one `env` names (a second instance beside another; PostgreSQL only).
 * The fresh database is already migrated unless `emptyDatabase` asks for one the app must
 * migrate itself at boot.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { shareDatabase?: boolean; emptyDatabase?: boolean } = {},
): Promise<TestApp> {
  const database: TestDatabase = options.shareDatabase
    ? { env: {}, drop: async () => undefined }
    : await createTestDatabase({ empty: options.emptyDatabase });
  Object.assign(process.env, TEST_ENV, database.env, env);
  const app = await createApp();
  recordServedRoutes(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
