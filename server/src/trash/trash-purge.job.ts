import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { PURGE_ORDER } from './trash-tables.js';

const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * Hard-deletes records that have been in the trash longer than TRASH_RETENTION_DAYS
 * (ADR 0040), every TRASH_PURGE_INTERVAL_SECONDS, across all tenants: a system change,
 * so it runs outside any tenant's TenantDb.write and the audit trail records it as
 * channel `system`. Safe with several instances: each batch takes only rows no other
 * purge holds (FOR UPDATE SKIP LOCKED), and deleting an already deleted row does nothing.
 */
@Injectable()
export class TrashPurgeJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TrashPurge');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Unref'd: a pending purge never keeps the process (or a test run) alive.
    this.timer = setInterval(() => void this.runOnce(), this.config.TRASH_PURGE_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; overlapping calls share it. Returns how many records were purged. */
  runOnce(now = new Date()): Promise<number> {
    this.running ??= this.purgeExpired(now)
      .catch((error: Error) => {
        this.logger.warn(`Trash purge failed (${error.message}); the next run retries.`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async purgeExpired(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.TRASH_RETENTION_DAYS * DAY_MS);
    let purged = 0;
    // Dependants first, so a lead or deal trashed with its contact never holds the contact back.
    for (const { table, detach = [] } of PURGE_ORDER) {
      for (const [referrer, column] of detach) await this.detachExpired(table, referrer, column, cutoff);
      for (;;) {
        const count = await this.purgeBatch(table, cutoff);
        purged += count;
        if (count < BATCH) break;
      }
    }
    if (purged > 0) this.logger.log(`Purged ${purged} record(s) trashed before ${cutoff.toISOString()}.`);
    return purged;
  }

  private async detachExpired(table: string, referrer: string, column: string, cutoff: Date): Promise<void> {
    // Names come from PURGE_ORDER, never from input.
    await this.prisma.$executeRawUnsafe(
      `UPDATE "${referrer}" SET "${column}" = NULL, "version" = "version" + 1
        WHERE "${column}" IN (SELECT "id" FROM "${table}" WHERE "deletedAt" < $1)`,
      cutoff,
    );
  }

  private async purgeBatch(table: string, cutoff: Date): Promise<number> {
    // Table names come from PURGE_ORDER, never from input.
    return this.prisma.$executeRawUnsafe(
      `DELETE FROM "${table}" WHERE "id" IN (
         SELECT "id" FROM "${table}" WHERE "deletedAt" < $1 ORDER BY "deletedAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)`,
      cutoff,
    );
  }
}
