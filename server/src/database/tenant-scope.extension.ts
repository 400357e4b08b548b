import { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient } from '../generated/prisma/client.js';

/** Models whose rows belong to one tenant. Everything else (Tenant, User) is global. */
const TENANT_MODELS = new Set(['Membership', 'ApiKey', 'Invitation', 'Contact', 'Company', 'Lead', 'Pipeline', 'Stage', 'Deal', 'Ticket', 'Note', 'Task', 'AuditChange']);

/**
 * Models whose deletes move rows to a trash (ADR 0040): a row with `deletedAt` set is
 * invisible to every read, update and delete through a scoped client, so lists, gets,
 * search and updates never see it. Only a client made with `{ withTrash: true }`
 * (TenantDb.withTrash, for restore, undo and purge) reaches it.
 */
export const TRASHABLE_MODELS: ReadonlySet<string> = new Set(['Contact', 'Company', 'Lead', 'Deal', 'Ticket', 'Note', 'Task']);

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
export function tenantScope(tenantId: string, options: ScopeOptions = {}) {
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
            const hideTrash = !options.withTrash && TRASHABLE_MODELS.has(model);
            scoped.where = { ...(scoped.where as object), tenantId, ...(hideTrash ? { deletedAt: null } : {}) };
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

export interface ScopeOptions {
  /** Also reach rows in the trash: only for restore, undo and purge. */
  withTrash?: boolean;
}

export type TenantClient = ReturnType<typeof scopeClient>;

export function scopeClient(prisma: PrismaClient, tenantId: string, options: ScopeOptions = {}) {
  return prisma.$extends(tenantScope(tenantId, options));
}
