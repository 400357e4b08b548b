import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';
// initdb and postgres refuse to run as root; Debian's package brings this user.
const SERVICE_USER = 'postgres';

/**
 * A throwaway PostgreSQL 15 cluster in a temp folder on a free port, for tests that must
 * stop and restart "the database" without touching the machine's own server on 5432.
 */
export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  start(): Promise<void>;
  /** Fast shutdown: open sessions end with 57P01, new connections are refused. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the cluster (if running) and deletes its folder. */
  destroy(): Promise<void>;
}

/** Why the private cluster cannot run here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'pg_ctl'))) {
    return `PostgreSQL 15 binaries are not installed under ${BIN}`;
  }
  return undefined;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const folder = mkdtempSync(join(tmpdir(), 'synapse-pg-'));
  const dataDir = join(folder, 'data');
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? await idsOf(SERVICE_USER) : undefined;
  if (owner) chownSync(folder, owner.uid, owner.gid);
  const exec = (command: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', SERVICE_USER, '--', join(BIN, command), ...args]) : run(join(BIN, command), args);

  await exec('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  // Socket in the folder (not /var/run), TCP on loopback only, fsync off: it is a test.
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (...args: string[]) => exec('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(folder, 'log'), '-w', ...args]);
  let running = false;
  const cluster: PrivatePostgres = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgCtl('start');
      running = true;
    },
    async stop() {
      await pgCtl('stop', '-m', 'fast');
      running = false;
    },
    async restart() {
      await pgCtl('restart', '-m', 'fast');
      running = true;
    },
    async destroy() {
      if (running) await pgCtl('stop', '-m', 'immediate').catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

async function idsOf(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
