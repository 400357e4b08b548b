import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Finds prisma/migrations from both the TypeScript sources and the compiled dist tree. */
export function migrationsDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(directory, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    directory = dirname(directory);
  }
  throw new Error('prisma/migrations not found above ' + fileURLToPath(import.meta.url));
}
