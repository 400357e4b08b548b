import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { PrismaClient } from '../generated/prisma/client.js';

const HOUR_MS = 60 * 60_000;
// Deleted in slices, so a first run over years of history never holds one long transaction.
const ROWS_PER_SLICE = 5_000;

/**
 * Deletes audit records older than AUDIT_RETENTION_DAYS (0 keeps them forever), at boot and
 * hourly. The append-only trigger lets a delete through only in a transaction that says it
 * is this job (ADR 0038). Several instances may run it at once: deleting is idempotent.
 */
@Injectable()
export class AuditRetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditRetention');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.AUDIT_RETENTION_DAYS === 0) return;
    const tick = () => void this.runOnce();
    this.timer = setInterval(tick, HOUR_MS).unref();
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Deletes what is past the retention window; returns how many records went. */
  runOnce(): Promise<number> {
    this.running ??= this.purgeExpired().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async purgeExpired(): Promise<number> {
    if (this.config.AUDIT_RETENTION_DAYS === 0) return 0;
    const cutoff = new Date(Date.now() - this.config.AUDIT_RETENTION_DAYS * 24 * HOUR_MS);
    let total = 0;
    try {
      for (;;) {
        const deleted = await this.prisma.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT set_config('synapse.audit_retention', 'on', true)`;
          return tx.$executeRaw`DELETE FROM "AuditChange" WHERE "id" IN (
            SELECT "id" FROM "AuditChange" WHERE "occurredAt" < ${cutoff} LIMIT ${ROWS_PER_SLICE})`;
        });
        total += deleted;
        if (deleted < ROWS_PER_SLICE) break;
      }
      if (total > 0) this.logger.log(`Deleted ${total} audit records older than ${this.config.AUDIT_RETENTION_DAYS} days.`);
    } catch (error) {
      // The database being away is not news; the next run catches up.
      if (toDomainError(error)?.code !== 'unavailable') this.logger.error(`Audit retention failed: ${(error as Error).message}`);
    }
    return total;
  }
}
