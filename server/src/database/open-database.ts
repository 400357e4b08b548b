import type { AppConfig } from '../config/config.schema.js';
import { openPglite, type OpenPgliteOptions } from './pglite-connection.js';
import { openPostgres } from './postgres-connection.js';
import type { DatabaseConnection } from './sql-session.js';

/** PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. */
export function openDatabase(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'PGLITE_DATA_DIR' | 'PGLITE_INITIAL_DATA'>,
  pglite: Omit<OpenPgliteOptions, 'initialData'> = {},
): Promise<DatabaseConnection> | DatabaseConnection {
  return config.DATABASE_URL
    ? openPostgres(config.DATABASE_URL, config.DATABASE_POOL_MAX)
    : openPglite(config.PGLITE_DATA_DIR, { ...pglite, initialData: config.PGLITE_INITIAL_DATA });
}
