import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedProcessEnv } from './support/embedded-process-env.js';
import { spawnTs, type Spawned } from './support/spawn-ts.js';

// PGlite is single-process: a second process on the same folder must refuse to start,
// saying who holds it and what to do instead; the lock must not outlive its holder.
let folder: string;
let dataDir: string;
const running: Spawned[] = [];
let folders = 0;

beforeAll(() => { folder = mkdtempSync(join(tmpdir(), 'synapse-lock-')); });
// Each test on its own folder, so one test's leftovers cannot decide another's outcome.
beforeEach(() => { dataDir = join(folder, `pglite-${++folders}`); });
afterAll(async () => {
  for (const process of running) process.child.kill('SIGKILL');
  await Promise.all(running.map((process) => process.exited));
  rmSync(folder, { recursive: true, force: true });
});

const env = () =>
  embeddedProcessEnv(dataDir, {
    // A new folder starts from the run's migrated dump, as the app does with it (ADR 0053):
    // creating a cluster on disk would cost the first process several seconds.
    PGLITE_INITIAL_DATA: process.env.SYNAPSE_TEST_PGLITE_MIGRATED,
  });

function start(entry: string, args: string[] = []): Spawned {
  const spawned = spawnTs(entry, args, env());
  running.push(spawned);
  return spawned;
}

const holdFolder = () => start('test/support/hold-pglite.ts', [dataDir]);

test('a second server or stdio process on the same folder exits 1, naming the folder, the holder and the alternatives', async () => {
  const server = start('server/src/main.ts');
  await server.waitFor(/listening on/);

  for (const entry of ['server/src/main.ts', 'server/src/mcp/stdio.ts']) {
    const second = start(entry);
    expect(await second.exited).toBe(1);
    const message = second.stderr();
    expect(message).toContain(`The embedded database folder ${dataDir} is in use by process ${server.child.pid}`);
    expect(message).toContain('server/src/main.ts');
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/PGLITE_DATA_DIR/);
  }

  // A clean stop releases the folder at once: no lock left to go stale, no owner record.
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(existsSync(`${dataDir}.lock`)).toBe(false);
  expect(existsSync(`${dataDir}.owner`)).toBe(false);
  const next = holdFolder();
  await next.waitFor(/^open$/m);
  next.child.kill('SIGTERM');
  expect(await next.exited).toBe(0);
}, 240_000);

test('a holder killed with SIGKILL leaves no lasting lock: the next process takes the folder over', async () => {
  const holder = holdFolder();
  await holder.waitFor(/^open$/m);
  holder.child.kill('SIGKILL');
  await holder.exited;
  // The crash left the lock behind; the next process waits for it to go stale, then takes it.
  expect(existsSync(`${dataDir}.lock`)).toBe(true);

  const next = holdFolder();
  await next.waitFor(/^open$/m, 60_000);
  expect(next.stderr()).toBe('');
  next.child.kill('SIGTERM');
  expect(await next.exited).toBe(0);
}, 120_000);
