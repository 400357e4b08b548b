import type { SqlRunner } from './bench-server.js';
import type { SeededTenant } from './seed.js';

/**
 * A record with a long history (issue 12: 10,000 timeline entries): its audit rows written
 * directly, one change set each, as a year of edits to its job title would leave them.
 * Returns the record's id.
 */
export async function seedLongTimeline(sql: SqlRunner, tenant: SeededTenant, entries: number): Promise<string> {
  const [[contactId]] = (await sql.query(
    `SELECT "id"::text FROM "Contact" WHERE "tenantId" = $1 ORDER BY "createdAt" LIMIT 1`,
    [tenant.tenantId],
  )) as string[][];
  await sql.query(
    `INSERT INTO "AuditChange" ("tenantId", "changeSetId", "occurredAt", "actorUserId", "credentialKind", "channel", "transport",
                                "recordKind", "recordId", "action", "before", "after")
     SELECT $1::uuid, gen_random_uuid(), now() - make_interval(mins => $3::int - i), $2::uuid, 'access_token', 'rest', 'http',
            'contact', $4::uuid, 'update', jsonb_build_object('jobTitle', 'Title ' || (i - 1)), jsonb_build_object('jobTitle', 'Title ' || i)
       FROM generate_series(1, $3::int) AS i`,
    [tenant.tenantId, tenant.userId, entries, contactId],
  );
  await sql.query('ANALYZE "AuditChange"');
  return contactId!;
}
