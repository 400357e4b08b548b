import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { AuditRetentionJob } from './audit-retention.job.js';
import { applyMigrations, readMigrations } from './migrator.js';
import { migrationsDirectory } from './migrations-path.js';
import { openDatabase } from './open-database.js';
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
      useFactory: async (config: AppConfig): Promise<DatabaseConnection> => {
        const connection = await openDatabase(config);
        const report = await connection.withSession((session) =>
          applyMigrations(session, readMigrations(migrationsDirectory())),
        );
        if (report.applied.length > 0) {
          new Logger('Database').log(`Applied migrations: ${report.applied.join(', ')}`);
        }
        return connection;
      },
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
