import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DATABASE_CONNECTION } from '../database/database.module.js';
import type { DatabaseConnection } from '../database/sql-session.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { DEMO_ACCOUNT, seedDemo } from './demo-seed.js';

/**
 * A fresh clone should start with something to sign in to: on an embedded database
 * with no users yet, the demo account is created. PostgreSQL is never seeded implicitly.
 */
@Injectable()
export class FirstStartSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(PasswordHasher) private readonly passwords: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_ON_FIRST_START || this.connection.kind !== 'pglite') return;
    if ((await this.prisma.user.count()) > 0) return;
    const { created } = await seedDemo(this.prisma, this.passwords);
    if (created) this.logger.log(`Fresh embedded database: created the demo account ${DEMO_ACCOUNT.email} (password in README).`);
  }
}
