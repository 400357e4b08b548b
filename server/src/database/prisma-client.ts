import { PrismaClient } from '../generated/prisma/client.js';

export { PrismaClient };
export type { Prisma } from '../generated/prisma/client.js';

export function createPrismaClient(adapter: unknown): PrismaClient {
  return new PrismaClient({ adapter: adapter as never });
}
