import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DATABASE_CONNECTION } from '../database/database.module.js';
import type { DatabaseConnection } from '../database/sql-session.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { DEMO_ACCOUNT, seedDemo } from './demo-seed.js';

/**
 * A fresh clone should start with something to sign in to, but the demo password is
 * published: the demo account is created only on an embedded (PGlite) development database
 * with no users yet. Never in production, never on PostgreSQL (`npm run db:seed` does that
 * on request). Every boot says in one line whether it was created, and why not.
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
    const reason = this.reasonNotToSeed() ?? ((await this.prisma.user.count()) > 0 ? 'the database already has users' : undefined);
    if (reason) {
      this.logger.log(`Demo account not created: ${reason}.`);
      return;
    }
    const { created } = await seedDemo(this.prisma, this.passwords);
    this.logger.log(
      created
        ? `Demo account ${DEMO_ACCOUNT.email} created on this fresh embedded development database; its password is published in the README.`
        : 'Demo account not created: another process created it first.',
    );
  }

  private reasonNotToSeed(): string | undefined {
    if (this.config.NODE_ENV !== 'development') return `NODE_ENV is ${this.config.NODE_ENV} (only an embedded development database gets one)`;
    if (this.connection.kind !== 'pglite') return 'the database is PostgreSQL (run `npm run db:seed` to create it there)';
    if (!this.config.SEED_ON_FIRST_START) return 'SEED_ON_FIRST_START is false';
    return undefined;
  }
}
