// Child process of `createAndMigrateInChild` (pglite-first-boot.ts): creates the database in a
// fresh embedded folder, applies the migrations, closes it and exits, taking the memory that
// creating and migrating cost with it (ADR 0039). Its parent holds the folder's lock (ADR 0019).
import { applyMigrations, readMigrations } from './migrator.js';
import { migrationsDirectory } from './migrations-path.js';
import type { FirstBootResult } from './pglite-first-boot.js';
import { createPglite, pgliteSession } from './pglite-connection.js';

const dataDir = process.argv[2];
const send = process.send?.bind(process);
if (!dataDir || !send) {
  process.stderr.write('pglite-first-boot.child is started by createAndMigrateInChild only, with an IPC channel.\n');
  process.exit(2);
}
// The parent's lock covers this process only while the parent lives: if it dies, stop
// writing before the lock goes stale and another process takes the folder.
process.once('disconnect', () => process.exit(1));

let result: FirstBootResult;
try {
  const db = await createPglite(dataDir);
  try {
    result = { report: await applyMigrations(pgliteSession(db), readMigrations(migrationsDirectory())) };
  } finally {
    await db.close();
  }
} catch (error) {
  result = { error: { name: (error as Error).name ?? 'Error', message: (error as Error).message ?? String(error) } };
  process.exitCode = 1;
}
process.removeAllListeners('disconnect');
send(result, () => process.disconnect());
