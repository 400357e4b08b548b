import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callTool, textOf } from './support/mcp-client.js';
import { uniqueEmail } from './support/accounts.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

// The stdio entry runs from source through swc (the same transform jest uses): no build needed.
let database: TestDatabase;
let dataDir: string | undefined;
let env: Record<string, string>;
// Minted by the first test's sign-up, used by the second process.
let accessToken: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // Two processes in turn must share a database: PGlite on disk instead of in memory.
  if (!process.env.TEST_DATABASE_URL) dataDir = mkdtempSync(join(tmpdir(), 'synapse-stdio-'));
  env = {
    ...(process.env as Record<string, string>),
    ...database.env,
    ...(dataDir ? { PGLITE_DATA_DIR: dataDir } : {}),
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    SEED_ON_FIRST_START: 'false',
  };
}, 60_000);
afterAll(async () => {
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function spawnStdio(extraEnv: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', './test/support/mcp-ts-register.mjs', 'server/src/mcp/stdio.ts'],
    env: { ...env, ...extraEnv },
    stderr: 'pipe',
  });
  const errors: Error[] = [];
  const client = new Client({ name: 'synapse-stdio-e2e', version: '1.0.0' });
  await client.connect(transport);
  // Anything on stdout that is not a JSON-RPC message shows up here.
  transport.onerror = (error) => errors.push(error);
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return { client, errors, stderr: () => stderr, close: () => client.close() };
}

test('serves the same tools over stdio; auth_sign_up then auth_sign_in signs the process in; logs stay off stdout', async () => {
  const stdio = await spawnStdio();
  try {
    const tools = (await stdio.client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toEqual(expect.arrayContaining(['auth_sign_in', 'contact_list', 'pipeline_list']));
    expect(textOf(await callTool(stdio.client, 'contact_list'))).toMatch(/auth_sign_in/);

    const email = uniqueEmail('stdio');
    const signedUp = await callTool(stdio.client, 'auth_sign_up', { email, password: 'stdio password 123', name: 'Stdio', company: 'Stdio Co' });
    expect(signedUp.structuredContent).toMatchObject({ status: 'accepted' });
    const session = await callTool(stdio.client, 'auth_sign_in', { email, password: 'stdio password 123' });
    expect(session.structuredContent).toMatchObject({ sessionSignedIn: true });
    const created = await callTool(stdio.client, 'contact_create', { firstName: 'Piped' });
    expect(created.isError).toBeFalsy();
    const list = await callTool(stdio.client, 'contact_list');
    expect((list.structuredContent as { items: { firstName: string }[] }).items.map((item) => item.firstName)).toEqual(['Piped']);
    expect(stdio.errors).toEqual([]);
    accessToken = (session.structuredContent as { accessToken: string }).accessToken;
  } finally {
    await stdio.close();
  }
}, 90_000);

test('reads its identity from SYNAPSE_TOKEN', async () => {
  const stdio = await spawnStdio({ SYNAPSE_TOKEN: accessToken });
  try {
    const list = await callTool(stdio.client, 'contact_list');
    expect(list.isError).toBeFalsy();
    expect((list.structuredContent as { items: unknown[] }).items).toHaveLength(1);
    expect(stdio.errors).toEqual([]);
  } finally {
    await stdio.close();
  }
}, 90_000);
