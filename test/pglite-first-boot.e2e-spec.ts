import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsDirectory } from '../server/src/database/migrations-path.js';
import { readMigrations } from '../server/src/database/migrator.js';
import { signUp } from './support/accounts.js';
import { embeddedProcessEnv } from './support/embedded-process-env.js';
import { spawnTs, type Spawned } from './support/spawn-ts.js';

// First boot on an empty embedded folder (ADR 0039): a child process creates the database and
// applies the migrations, then the server opens the folder as on a restart. The server holds
// the folder's lock throughout, and the data the child wrote is the data it serves.
let folder: string;
let dataDir: string;
const running: Spawned[] = [];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'synapse-first-boot-'));
  dataDir = join(folder, 'pglite');
});
afterAll(async () => {
  for (const process of running) process.child.kill('SIGKILL');
  await Promise.all(running.map((process) => process.exited));
  rmSync(folder, { recursive: true, force: true });
});

function start(entry: string, args: string[], port = 0): Spawned {
  // No PGLITE_INITIAL_DATA: this test is about a folder created from nothing.
  const spawned = spawnTs(entry, args, embeddedProcessEnv(dataDir, { DATABASE_URL: '', HOST: '127.0.0.1', PORT: String(port) }));
  running.push(spawned);
  return spawned;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const migrationNames = readMigrations(migrationsDirectory()).map((migration) => migration.name);
const CHILD_LINE = /Created the embedded database in (\S+) and applied migrations in child process (\d+): (.*?)"/;

test('first boot migrates in a child process under the server\'s lock, then serves; a restart migrates nothing', async () => {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = start('server/src/main.ts', [], port);

  // While the first boot is under way the folder is the server's: another process is refused.
  await waitUntil(() => existsSync(`${dataDir}.owner`), 60_000);
  expect(server.stdout()).not.toMatch(CHILD_LINE);
  const intruder = start('test/support/hold-pglite.ts', [dataDir]);
  expect(await intruder.exited).toBe(1);
  expect(intruder.stderr()).toContain(`The embedded database folder ${dataDir} is in use by process ${server.child.pid}`);

  await server.waitFor(/listening on/, 180_000);
  const [, createdIn, childPid, applied] = CHILD_LINE.exec(server.stdout()) ?? [];
  expect(createdIn).toBe(dataDir);
  expect(Number(childPid)).not.toBe(server.child.pid);
  expect(applied!.split(', ')).toEqual(migrationNames);
  // The child applied everything: the server's own check found nothing left.
  expect(server.stdout()).not.toMatch(/Applied migrations:/);

  // Ready means every migration is recorded; a sign-up and a write use the migrated schema.
  expect((await fetch(`${baseUrl}/api/health/ready`)).status).toBe(200);
  const account = await signUp(baseUrl);
  const headers = { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' };
  expect((await fetch(`${baseUrl}/api/contacts`, { method: 'POST', headers, body: JSON.stringify({ firstName: 'First boot' }) })).status).toBe(201);

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);

  // A restart opens the database in process and finds every migration applied.
  const restarted = start('server/src/main.ts', [], port);
  await restarted.waitFor(/listening on/, 120_000);
  expect(restarted.stdout()).not.toMatch(CHILD_LINE);
  expect(restarted.stdout()).not.toMatch(/Applied migrations:/);
  const list = (await (await fetch(`${baseUrl}/api/contacts`, { headers })).json()) as { items: { firstName: string }[] };
  expect(list.items.map((item) => item.firstName)).toEqual(['First boot']);
  restarted.child.kill('SIGTERM');
  expect(await restarted.exited).toBe(0);
}, 360_000);
