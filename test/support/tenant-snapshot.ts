import type { INestApplication } from '@nestjs/common';
import { Prisma, PrismaClient } from '../../server/src/generated/prisma/client.js';

type Delegate = { findMany(args: object): Promise<unknown[]> };

/** Every model carrying a tenantId column: a new tenant table is picked up without editing this file. */
export function tenantModels(): string[] {
  return Object.values(Prisma.ModelName).filter((model) => {
    const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
    return fields !== undefined && 'tenantId' in fields;
  });
}

/**
 * Every row a tenant owns (its Tenant row, its members' User rows and every tenant table),
 * ordered by id and serialised with all columns, updatedAt included: equal snapshots mean
 * nothing of that tenant was written.
 */
export async function tenantSnapshot(app: INestApplication, tenantId: string): Promise<Record<string, unknown[]>> {
  const prisma = app.get(PrismaClient) as unknown as Record<string, Delegate>;
  const byId = { orderBy: { id: 'asc' } };
  const snapshot: Record<string, unknown[]> = {
    Tenant: await prisma.tenant!.findMany({ where: { id: tenantId }, ...byId }),
    User: await prisma.user!.findMany({ where: { memberships: { some: { tenantId } } }, ...byId }),
  };
  for (const model of tenantModels()) {
    const delegate = prisma[model[0]!.toLowerCase() + model.slice(1)]!;
    snapshot[model] = await delegate.findMany({ where: { tenantId }, ...byId });
  }
  // AuditChange.seq is a bigint, which JSON cannot hold: as text it compares just as well.
  return JSON.parse(JSON.stringify(snapshot, (_key, value) => (typeof value === 'bigint' ? value.toString() : value))) as Record<string, unknown[]>;
}

/** Every id in a snapshot: the values that must never show up in another tenant's answers. */
export function idsIn(snapshot: Record<string, unknown[]>): string[] {
  return Object.values(snapshot).flatMap((rows) => rows.map((row) => (row as { id: string }).id));
}
