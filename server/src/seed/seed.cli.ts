// `npm run db:seed`: applies pending migrations, then creates the demo account unless it exists.
import { PasswordHasher } from '../auth/password-hasher.js';
import { loadConfig } from '../config/load-config.js';
import { applyMigrations, readMigrations } from '../database/migrator.js';
import { migrationsDirectory } from '../database/migrations-path.js';
import { openDatabase } from '../database/open-database.js';
import { createPrismaClient } from '../database/prisma-client.js';
import { DEMO_ACCOUNT, seedDemo } from './demo-seed.js';

async function main(): Promise<void> {
  // Only the database variables are read, so seeding needs no JWT or HTTP settings.
  const { DATABASE_URL, PGLITE_DATA_DIR, PGLITE_INITIAL_DATA } = process.env;
  const config = loadConfig({ DATABASE_URL, PGLITE_DATA_DIR, PGLITE_INITIAL_DATA });
  const connection = await openDatabase({ ...config, DATABASE_POOL_MAX: 2 });
  const prisma = createPrismaClient(connection.adapter);
  try {
    await connection.withSession((session) => applyMigrations(session, readMigrations(migrationsDirectory())));
    const { created } = await seedDemo(prisma, new PasswordHasher());
    console.log(
      created
        ? `Created the demo tenant "${DEMO_ACCOUNT.company}" and user ${DEMO_ACCOUNT.email}.`
        : `The demo user ${DEMO_ACCOUNT.email} already exists; nothing changed.`,
    );
  } finally {
    await prisma.$disconnect();
    await connection.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(`Seeding failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
