// Runs `prisma generate` offline. The Prisma 7 CLI insists on locating a schema
// engine binary before generating, although generate never executes it; pointing
// the variable at any existing file stops it from trying to download one.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
const result = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env, shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
