import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATABASE_CONNECTION } from '../database/database.module.js';
import { readMigrations } from '../database/migrator.js';
import { migrationsDirectory } from '../database/migrations-path.js';
import type { DatabaseConnection } from '../database/sql-session.js';
import type { HealthOutput } from './health.schemas.js';

// A readiness probe must answer quickly even when the database hangs.
const DATABASE_TIMEOUT_MS = 2_000;

type Check = HealthOutput['readiness']['checks']['database'];

/**
 * Readiness: the database answers and carries every migration this build ships. The
 * answer is public, so it says what failed in fixed words; the driver's own message
 * (which names hosts and ports) goes to the log only.
 */
@Injectable()
export class HealthService {
  private readonly logger = new Logger('Health');
  private readonly expectedMigrations = readMigrations(migrationsDirectory()).map((migration) => migration.name);
  private wasReady = true;

  constructor(@Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection) {}

  async ready(): Promise<HealthOutput> {
    const started = Date.now();
    let database: Check;
    let migrations: Check;
    try {
      const applied = await withTimeout(
        this.database.query<{ migration_name: string }>(
          'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
        ),
      );
      database = { status: 'up', latencyMs: Date.now() - started };
      const done = new Set(applied.map((row) => row.migration_name));
      const missing = this.expectedMigrations.filter((name) => !done.has(name)).length;
      migrations = missing === 0
        ? { status: 'up', latencyMs: 0 }
        : { status: 'down', latencyMs: 0, error: `${missing} migration(s) not applied yet.` };
    } catch (error) {
      const timedOut = error instanceof TimeoutError;
      database = {
        status: 'down',
        latencyMs: Date.now() - started,
        error: timedOut ? `No answer within ${DATABASE_TIMEOUT_MS} ms.` : 'The database cannot be reached.',
      };
      migrations = { status: 'down', latencyMs: 0, error: 'Unknown while the database cannot be reached.' };
      if (this.wasReady) this.logger.warn({ err: error }, 'Not ready: the database check failed');
    }
    const ready = database.status === 'up' && migrations.status === 'up';
    if (ready && !this.wasReady) this.logger.log('Ready again: the database answers');
    this.wasReady = ready;
    return {
      status: ready ? 'ok' : 'unavailable',
      liveness: { status: 'up' },
      readiness: { status: ready ? 'up' : 'down', checks: { database, migrations } },
    };
  }
}

class TimeoutError extends Error {}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), DATABASE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
