// Jest global setup of the e2e project: builds the migrated databases that each test file's
// database is copied from (build-templates.ts, ADR 0053). Jest loads this file through
// CommonJS, which cannot run our ESM TypeScript, so the work happens in a child node with the
// swc loader. The variables it prints are set here, before jest starts its workers, which
// inherit them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default function globalSetup() {
  const folder = mkdtempSync(join(tmpdir(), 'synapse-test-templates-'));
  process.env.SYNAPSE_TEST_TEMPLATE_FOLDER = folder;
  const output = execFileSync(
    process.execPath,
    ['--import', './test/support/mcp-ts-register.mjs', 'test/support/build-templates.ts', folder],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  Object.assign(process.env, JSON.parse(output.trim().split('\n').pop()));
}
