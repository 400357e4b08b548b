import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';

// The holder refreshes the lock's mtime every UPDATE_MS; a lock not refreshed for STALE_MS
// belongs to a process that died (kill -9, power loss) and is taken over. The gap leaves
// room for a busy event loop (PGlite runs its WASM on the main thread).
const STALE_MS = 10_000;
const UPDATE_MS = 2_000;

interface Owner {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string, owner: Owner | undefined) {
    const holder = owner
      ? `process ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`} (${owner.command}), running since ${owner.since}`
      : 'another process';
    super(
      `The embedded database folder ${dataDir} is in use by ${holder}. PGlite allows one process per folder, ` +
        'and two would lose each other\'s writes. Stop that process first; or, to run several processes on the ' +
        'same data (the HTTP server and the stdio MCP server, say), set DATABASE_URL to a PostgreSQL database for ' +
        'all of them; or give this process its own folder with PGLITE_DATA_DIR.',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Holds an exclusive lock on an embedded database folder for the life of this process
 * (ADR 0019). proper-lockfile makes `<folder>.lock` atomically (mkdir) and keeps it fresh;
 * it is removed on exit, and a crashed holder's lock goes stale. Beside it, `<folder>.owner`
 * names the holder for the error a second process gets. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const folder = resolve(dataDir);
  const ownerFile = `${folder}.owner`;
  const options = {
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    // The lock could not be kept fresh (the folder vanished, or the event loop stalled past
    // STALE_MS and another process may have taken over): stop before two writers collide.
    onCompromised: (error: Error) => {
      process.stderr.write(`Lost the lock on the embedded database folder ${folder}: ${error.message}. Stopping.\n`);
      process.exit(1);
    },
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(folder, options);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ELOCKED') throw error;
    const owner = readOwner(ownerFile);
    // A live holder on this machine: refuse at once. Otherwise (it died, or it is on another
    // machine sharing the folder) wait as long as it takes the lock to go stale, then take it.
    if (owner && owner.host === hostname() && isAlive(owner.pid)) throw new DataDirLockedError(folder, owner);
    try {
      release = await lockfile.lock(folder, {
        ...options,
        retries: { retries: Math.ceil((STALE_MS * 1.5) / 500), factor: 1, minTimeout: 500, maxTimeout: 500 },
      });
    } catch (retryError) {
      if ((retryError as { code?: string }).code !== 'ELOCKED') throw retryError;
      throw new DataDirLockedError(folder, readOwner(ownerFile));
    }
  }
  const owner: Owner = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(' ').slice(0, 200) || process.argv0,
    since: new Date().toISOString(),
  };
  writeFileSync(ownerFile, JSON.stringify(owner), { mode: 0o600 });
  return async () => {
    rmSync(ownerFile, { force: true });
    await release();
  };
}

function readOwner(file: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}
