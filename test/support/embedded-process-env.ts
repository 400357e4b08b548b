/**
 * The environment of a server or stdio process a test spawns on an embedded folder: only
 * what the process needs (no leftovers from the jest worker's environment), with its logs on.
 */
export function embeddedProcessEnv(dataDir: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    SEED_ON_FIRST_START: 'false',
    PGLITE_DATA_DIR: dataDir,
    PORT: '0',
    ...extra,
  };
}
