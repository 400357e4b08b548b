import { defineConfig } from 'prisma/config';

// Only `prisma generate` runs here; migrations are applied by the application
// itself (see docs/adr/0003-migrations-applied-by-the-app.md).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
