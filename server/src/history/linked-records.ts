import { condition, type Condition } from './audit-entries.js';

/**
 * Tables whose rows link to other records through `linkedRecordIds uuid[]` (GIN-indexed):
 * their changes appear on the timeline of every record they link to (`@>` on the GIN-indexed
 * `linkedRecordIds`).
 */
export const LINKING_TABLES: readonly string[] = ['Note', 'Task'];

/** The audit rows of a record's timeline: its own changes, and those of what links to it. */
export function timelineCondition(recordId: string, linkingTables: readonly string[] = LINKING_TABLES): Condition {
  if (linkingTables.length === 0) return condition((n) => `a."recordId" = $${n}::uuid`, recordId);
  const linked = linkingTables.map((table) => `SELECT "id" FROM "${table}" WHERE "tenantId" = a."tenantId" AND "linkedRecordIds" @> ARRAY[$N::uuid]`);
  return condition((n) => `(a."recordId" = $${n}::uuid OR a."recordId" IN (${linked.join(' UNION ALL ').replaceAll('$N', `$${n}`)}))`, recordId);
}
