import type { INestApplication } from '@nestjs/common';
import { PrismaClient } from '../../server/src/generated/prisma/client.js';

/** Every CRM and account row, serialised: equal snapshots mean nothing was written. */
export async function databaseSnapshot(app: INestApplication, tenantId?: string): Promise<string> {
  const prisma = app.get(PrismaClient);
  const where = tenantId ? { tenantId } : {};
  const byId = { orderBy: { id: 'asc' as const } };
  const rows = await Promise.all([
    prisma.contact.findMany({ where, ...byId }),
    prisma.lead.findMany({ where, ...byId }),
    prisma.deal.findMany({ where, ...byId }),
    prisma.ticket.findMany({ where, ...byId }),
    prisma.pipeline.findMany({ where, ...byId }),
    prisma.stage.findMany({ where, ...byId }),
    prisma.note.findMany({ where, ...byId }),
    prisma.task.findMany({ where, ...byId }),
    tenantId ? [] : prisma.user.findMany(byId),
    tenantId ? [] : prisma.tenant.findMany(byId),
  ]);
  return JSON.stringify(rows);
}
