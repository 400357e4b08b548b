import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema.js';
import { applyMigrations, readMigrations } from './migrator.js';
import { migrationsDirectory } from './migrations-path.js';
import { openDatabase } from './open-database.js';
import { createAndMigrateInChild, isFreshFolder } from './pglite-first-boot.js';
import type { DatabaseConnection } from './sql-session.js';

/**
 * The app's database with every migration applied (ADR 0003). A fresh embedded folder is
 * created and migrated by a short-lived child process and then opened here as on a restart,
 * so the first boot does not keep the memory that creating the database cost (ADR 0039).
 * Everywhere else (PostgreSQL, `memory://`, a folder that has a database) this process
 * migrates; after the child there is nothing left to apply, and checking costs one query.
 */
export async function openMigratedDatabase(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'PGLITE_DATA_DIR' | 'PGLITE_INITIAL_DATA'>,
): Promise<DatabaseConnection> {
  const logger = new Logger('Database');
  const connection = await openDatabase(config, {
    beforeOpen: async (dataDir) => {
      // A folder that starts from a dump (PGLITE_INITIAL_DATA, ADR 0053) runs no initdb: nothing to move out.
      if (!isFreshFolder(dataDir) || config.PGLITE_INITIAL_DATA) return;
      const report = await createAndMigrateInChild(dataDir);
      logger.log(`Created the embedded database in ${dataDir} and applied migrations in child process ${report.pid}: ${report.applied.join(', ')}`);
    },
  });
  try {
    const report = await connection.withSession((session) => applyMigrations(session, readMigrations(migrationsDirectory())));
    if (report.applied.length > 0) logger.log(`Applied migrations: ${report.applied.join(', ')}`);
    return connection;
  } catch (error) {
    await connection.close();
    throw error;
  }
}
