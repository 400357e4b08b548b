// Removes what global-setup.mjs built: the PGlite dumps, or the PostgreSQL template database.
import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const folder = process.env.SYNAPSE_TEST_TEMPLATE_FOLDER;
  if (folder) rmSync(folder, { recursive: true, force: true });
  const template = process.env.SYNAPSE_TEST_TEMPLATE_DATABASE;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!template || !serverUrl) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
