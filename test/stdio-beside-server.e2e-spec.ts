import { Client } from '@modelcontextprotocol/client';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUp } from './support/accounts.js';
import { callTool, textOf } from './support/mcp-client.js';
import { stdioTransport } from './support/stdio-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The README's stdio recipe in development, without JWT_SECRET: a token signed in over HTTP
// works in the stdio process, because both read the signing secret kept beside the data.
// On PostgreSQL both run at once on the same data; on the embedded database the server
// stops first, since a PGlite folder takes one process (pglite-lock.e2e-spec.ts).
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let folder: string;
let server: TestApp | undefined;

beforeAll(() => { folder = mkdtempSync(join(tmpdir(), 'synapse-recipe-')); });
afterAll(async () => {
  await server?.close();
  rmSync(folder, { recursive: true, force: true });
});

test(`development: a token from the HTTP server works in the stdio process (${onPostgres ? 'both at once on PostgreSQL' : 'in turn on PGlite'})`, async () => {
  const dataDir = join(folder, 'pglite');
  server = await startTestApp({ NODE_ENV: 'development', JWT_SECRET: '', PGLITE_DATA_DIR: dataDir });
  const databaseUrl = process.env.DATABASE_URL ?? '';
  const account = await signUp(server.baseUrl);
  // The secret is a file only its owner can read, beside the data folder.
  expect(statSync(join(folder, 'jwt-secret')).mode & 0o777).toBe(0o600);
  if (!onPostgres) {
    await server.close();
    server = undefined;
  }

  // Exactly what the recipe sets; nothing inherited (the test process has a JWT_SECRET).
  const transport = stdioTransport({
    PATH: process.env.PATH!,
    LOG_LEVEL: 'warn',
    PGLITE_DATA_DIR: dataDir,
    SEED_ON_FIRST_START: 'false',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    SYNAPSE_TOKEN: account.accessToken,
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const client = new Client({ name: 'synapse-recipe-e2e', version: '1.0.0' });
  await client.connect(transport);
  try {
    const created = await callTool(client, 'contact_create', { firstName: 'Via stdio' });
    expect(textOf(created)).not.toMatch(/auth_sign_in/);
    expect(created.isError).toBeFalsy();
    expect(stderr).not.toMatch(/invalid or expired/);
  } finally {
    await client.close();
  }

  if (server) {
    // Same data, seen from the HTTP server that kept running.
    const list = await fetch(`${server.baseUrl}/api/contacts`, { headers: { authorization: `Bearer ${account.accessToken}` } });
    const body = (await list.json()) as { items: { firstName: string }[] };
    expect(body.items.map((item) => item.firstName)).toEqual(['Via stdio']);
  }
}, 180_000);
