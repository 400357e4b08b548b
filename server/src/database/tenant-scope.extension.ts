import { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient } from '../generated/prisma/client.js';

/** Models whose rows belong to one tenant. Everything else (Tenant, User) is global. */
const TENANT_MODELS = new Set(['Membership', 'ApiKey', 'Invitation', 'Contact', 'Company', 'Lead', 'Pipeline', 'Stage', 'Deal', 'Ticket']);

const WHERE_OPERATIONS = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany',
  'update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany',
  'count', 'aggregate', 'groupBy', 'upsert',
]);
const CREATE_OPERATIONS = new Set(['create', 'createMany', 'createManyAndReturn', 'upsert']);

/**
 * A Prisma client extension that puts the tenant into every query on a tenant model:
 * into `where` for reads, updates and deletes, and into `data` for creates. Another
 * tenant's id therefore simply matches nothing, exactly like a missing id.
 */
export function tenantScope(tenantId: string) {
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    // An undefined tenant would silently widen every query to all tenants.
    throw new Error('tenantScope requires a tenant id');
  }
  return Prisma.defineExtension({
    name: 'tenant-scope',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          if (!TENANT_MODELS.has(model)) return query(args);
          const scoped = { ...(args as Record<string, unknown>) };
          if (WHERE_OPERATIONS.has(operation)) {
            scoped.where = { ...(scoped.where as object), tenantId };
          }
          if (CREATE_OPERATIONS.has(operation)) {
            const key = operation === 'upsert' ? 'create' : 'data';
            const data = scoped[key];
            scoped[key] = Array.isArray(data)
              ? data.map((row) => ({ ...row, tenantId }))
              : { ...(data as object), tenantId };
          }
          return query(scoped);
        },
      },
    },
  });
}

export type TenantClient = ReturnType<typeof scopeClient>;

export function scopeClient(prisma: PrismaClient, tenantId: string) {
  return prisma.$extends(tenantScope(tenantId));
}
