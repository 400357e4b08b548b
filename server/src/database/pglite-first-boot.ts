import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationReport } from './migrator.js';

/** What the child sends back: its migration report, or why it failed. */
export type FirstBootResult = { report: MigrationReport } | { error: { name: string; message: string } };

/** A folder PGlite has not created a database in yet (PostgreSQL writes PG_VERSION first). */
export function isFreshFolder(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * Creates the database in a fresh embedded folder and applies the migrations in a short-lived
 * child process. Creating a database (initdb) and migrating it grows PGlite's WebAssembly and
 * native memory by hundreds of MB that a process never gives back, so the caller then opens
 * the migrated folder as on any restart (ADR 0039). The caller holds the folder's lock for the
 * whole time: the child is its helper, not a second owner (ADR 0019), and takes no lock itself.
 */
export async function createAndMigrateInChild(dataDir: string): Promise<MigrationReport & { pid: number }> {
  const child = fork(childEntry(), [dataDir], {
    execArgv: childExecArgv(),
    // stdout may be the stdio MCP channel: the child's output goes to stderr, with the logs.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  let result: FirstBootResult | undefined;
  child.on('message', (message) => { result = message as FirstBootResult; });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  if (result && 'error' in result) {
    // The child's own message, so the boot fails as an in-process migration would (MigrationError's text).
    throw Object.assign(new Error(result.error.message), { name: result.error.name });
  }
  if (!result || exit.code !== 0) {
    throw new Error(
      `Creating the embedded database in ${dataDir} failed: its child process (pid ${child.pid}) ended with ` +
        `${exit.signal ?? `exit code ${exit.code}`} before it reported.`,
    );
  }
  return { ...result.report, pid: child.pid! };
}

/** The child's entry beside this file: `.js` when compiled, `.ts` when the tests run the sources. */
function childEntry(): string {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return fileURLToPath(new URL(`./pglite-first-boot.child.${extension}`, import.meta.url));
}

/**
 * The parent's Node flags (the deployed `--max-semi-space-size`, say), minus a debugger port
 * the child would fight over. Running from TypeScript sources (the e2e tests, through swc),
 * the child needs the same transform, which the jest process does not have as a flag.
 */
function childExecArgv(): string[] {
  const flags = process.execArgv.filter((flag) => !flag.startsWith('--inspect'));
  if (!import.meta.url.endsWith('.ts')) return flags;
  const register = fileURLToPath(new URL('../../../test/support/mcp-ts-register.mjs', import.meta.url));
  return [...flags, '--import', register];
}
