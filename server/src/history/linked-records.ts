import { condition, type Condition } from './audit-entries.js';

/**
 * Tables whose rows link to other records through `linkedRecordIds uuid[]` (GIN-indexed):
 * their changes appear on the timeline of every record they link to. Notes and tasks add
 * their table here when they land ('Note', 'Task'); the timeline needs nothing else.
 */
export const LINKING_TABLES: readonly string[] = [];

/** The audit rows of a record's timeline: its own changes, and those of what links to it. */
export function timelineCondition(recordId: string, linkingTables: readonly string[] = LINKING_TABLES): Condition {
  if (linkingTables.length === 0) return condition((n) => `a."recordId" = $${n}::uuid`, recordId);
  const linked = linkingTables.map((table) => `SELECT "id" FROM "${table}" WHERE "tenantId" = a."tenantId" AND $N::uuid = ANY("linkedRecordIds")`);
  return condition((n) => `(a."recordId" = $${n}::uuid OR a."recordId" IN (${linked.join(' UNION ALL ').replaceAll('$N', `$${n}`)}))`, recordId);
}
