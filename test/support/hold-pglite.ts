// A process that opens an embedded database folder exactly as the app does and keeps it
// open until SIGTERM: the cheap stand-in for "another Synapse process" in the lock tests.
import { openPglite } from '../../server/src/database/pglite-connection.js';

try {
  const connection = await openPglite(process.argv[2]!, { initialData: process.env.PGLITE_INITIAL_DATA || undefined });
  process.once('SIGTERM', () => void connection.close().then(() => process.exit(0)));
  process.stdout.write('open\n');
  setInterval(() => undefined, 60_000);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
