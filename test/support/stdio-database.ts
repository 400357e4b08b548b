import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** The stdio entry from source through swc (the same transform jest uses): no build needed. */
export const STDIO_ARGS = ['--import', './test/support/mcp-ts-register.mjs', 'server/src/mcp/stdio.ts'];

export interface StdioDatabase {
  /** What a stdio process of this file runs with: its database and the test settings. */
  env: Record<string, string>;
  /** The embedded database folder, or undefined on PostgreSQL. */
  dataDir: string | undefined;
  database: TestDatabase;
}

/**
 * Gives the stdio processes of the calling file (or describe block) one database, created in
 * beforeAll and removed in afterAll. Processes started in turn must share it, so on PGlite it
 * is a folder on disk instead of memory.
 */
export function useStdioDatabase(folderPrefix: string): StdioDatabase {
  const setup = {} as StdioDatabase;
  beforeAll(async () => {
    setup.database = await createTestDatabase();
    setup.dataDir = process.env.TEST_DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), `${folderPrefix}-`));
    setup.env = {
      ...(process.env as Record<string, string>),
      ...setup.database.env,
      ...(setup.dataDir ? { PGLITE_DATA_DIR: setup.dataDir } : {}),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
      SEED_ON_FIRST_START: 'false',
    };
  }, 60_000);
  afterAll(async () => {
    await setup.database?.drop();
    if (setup.dataDir) rmSync(setup.dataDir, { recursive: true, force: true });
  });
  return setup;
}

/** A transport that spawns the stdio entry with `env`; its stderr is piped for the test to read. */
export function stdioTransport(env: Record<string, string>): StdioClientTransport {
  return new StdioClientTransport({ command: process.execPath, args: STDIO_ARGS, env, stderr: 'pipe' });
}
