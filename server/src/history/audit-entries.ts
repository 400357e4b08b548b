import type { TenantTx } from '../database/tenant-tx.js';

/** One audit row as the history reads it: values as exact text, straight from the database. */
export interface AuditEntryRow {
  id: string;
  seq: string;
  changeSetId: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  credentialKind: string | null;
  apiKeyId: string | null;
  oauthClientId: string | null;
  channel: string;
  transport: string | null;
  toolName: string | null;
  clientName: string | null;
  clientVersion: string | null;
  requestId: string | null;
  recordKind: string;
  recordId: string;
  action: string;
  undoOfChangeSetId: string | null;
  changes: { field: string; before: string | null; after: string | null }[];
}

/** A WHERE condition on "AuditChange" a, with its parameters numbered from `next`. */
export type Condition = (next: number) => { sql: string; params: unknown[] };

export const condition = (sql: (n: number) => string, ...params: unknown[]): Condition => (next) => ({ sql: sql(next), params });

/**
 * Newest first, keyset-paged by seq (`beforeSeq`: the last seq of the previous page).
 * The changed fields come as text (`#>>`), so decimals and timestamps are never rounded
 * by a JSON parser on the way out.
 */
export async function readAuditEntries(
  tx: Pick<TenantTx, '$queryRawUnsafe'>,
  tenantId: string,
  conditions: Condition[],
  beforeSeq: string | undefined,
  limit: number,
): Promise<AuditEntryRow[]> {
  const { where, params } = whereOf(tenantId, [...conditions, ...(beforeSeq ? [condition((n) => `a."seq" < $${n}::bigint`, beforeSeq)] : [])]);
  params.push(limit);
  return tx.$queryRawUnsafe<AuditEntryRow[]>(
    `SELECT a."id"::text, a."seq"::text, a."changeSetId"::text, a."occurredAt", a."actorUserId"::text, u."name" AS "actorName",
            a."credentialKind", a."apiKeyId"::text, a."oauthClientId", a."channel", a."transport", a."toolName",
            a."clientName", a."clientVersion", a."requestId", a."recordKind", a."recordId"::text, a."action",
            a."undoOfChangeSetId"::text,
            (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'field', k.key, 'before', a."before" #>> ARRAY[k.key], 'after', a."after" #>> ARRAY[k.key]) ORDER BY k.key), '[]'::jsonb)
               FROM jsonb_object_keys(coalesce(a."before", '{}'::jsonb) || coalesce(a."after", '{}'::jsonb)) AS k(key)) AS "changes"
       FROM "AuditChange" a LEFT JOIN "User" u ON u."id" = a."actorUserId"
      WHERE ${where}
      ORDER BY a."seq" DESC
      LIMIT $${params.length}`,
    ...params,
  );
}

/** How many entries match, for includeTotal. */
export async function countAuditEntries(tx: Pick<TenantTx, '$queryRawUnsafe'>, tenantId: string, conditions: Condition[]): Promise<number> {
  const { where, params } = whereOf(tenantId, conditions);
  const [row] = await tx.$queryRawUnsafe<{ total: number }[]>(`SELECT count(*)::int AS total FROM "AuditChange" a WHERE ${where}`, ...params);
  return row?.total ?? 0;
}

function whereOf(tenantId: string, conditions: Condition[]): { where: string; params: unknown[] } {
  const params: unknown[] = [tenantId];
  const where = ['a."tenantId" = $1::uuid'];
  for (const make of conditions) {
    const built = make(params.length + 1);
    where.push(built.sql);
    params.push(...built.params);
  }
  return { where: where.join(' AND '), params };
}
