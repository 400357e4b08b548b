import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { AuditRetentionJob } from './audit-retention.job.js';
import { openMigratedDatabase } from './open-migrated-database.js';
import { createPrismaClient } from './prisma-client.js';
import type { DatabaseConnection } from './sql-session.js';
import { TenantDb } from './tenant-db.js';

export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');

@Global()
@Module({
  providers: [
    {
      provide: DATABASE_CONNECTION,
      inject: [APP_CONFIG],
      // Migrations run before anything can query: the app never serves an old schema.
      useFactory: (config: AppConfig): Promise<DatabaseConnection> => openMigratedDatabase(config),
    },
    {
      provide: PrismaClient,
      inject: [DATABASE_CONNECTION],
      useFactory: (connection: DatabaseConnection) => createPrismaClient(connection.adapter),
    },
    TenantDb,
    AuditRetentionJob,
  ],
  exports: [DATABASE_CONNECTION, PrismaClient, TenantDb],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
    await this.connection.close();
  }
}
