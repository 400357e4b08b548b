import type { SqlRunner } from './bench-server.js';
import { uuidv7 } from './seed.js';

const DAY_MS = 24 * 3600 * 1000;
const VERBS = ['Call', 'Email', 'Send quote to', 'Follow up with', 'Book demo for', 'Renew contract of'];
const PRIORITIES = ['LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'URGENT'];
// The owner plus this many members share the tasks: "my open tasks" is about a tenth of them.
const EXTRA_MEMBERS = 9;
const BATCH = 5_000;

/**
 * Tasks for one seeded tenant, bulk-inserted with the invariants the service keeps: due
 * times from 60 days ago to 60 days ahead, most past ones done (with completedAt/By), each
 * about one contact (links + linkedRecordIds), spread over the owner and nine members.
 */
export async function seedTasks(
  sql: SqlRunner,
  tenant: { tenantId: string; userId: string },
  contactIds: readonly string[],
  count: number,
  random: () => number,
): Promise<void> {
  if (count <= 0 || contactIds.length === 0) return;
  const now = Date.now();
  const members = [tenant.userId];
  for (let i = 0; i < EXTRA_MEMBERS; i++) {
    const userId = uuidv7(now);
    members.push(userId);
    await sql.query(
      `INSERT INTO "User" ("id","email","passwordHash","name","createdAt","updatedAt") VALUES ($1::uuid, $2, 'bench-no-login', $3, now(), now())`,
      [userId, `bench-member-${userId}@example.test`, `Bench member ${i}`],
    );
    await sql.query(
      `INSERT INTO "Membership" ("id","tenantId","userId","role","createdAt","updatedAt") VALUES ($1::uuid, $2::uuid, $3::uuid, 'MEMBER', now(), now())`,
      [uuidv7(now), tenant.tenantId, userId],
    );
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let start = 0; start < count; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - start) }, () => {
      const dueAt = Math.floor(now + (random() * 120 - 60) * DAY_MS);
      const createdAt = Math.min(now, dueAt) - Math.floor(random() * 30 * DAY_MS);
      const done = dueAt < now ? random() < 0.8 : random() < 0.1;
      const contactId = pick(contactIds);
      return {
        id: uuidv7(createdAt),
        title: `${pick(VERBS)} contact ${contactId.slice(0, 8)}`,
        dueAt: new Date(dueAt).toISOString(),
        status: done ? 'done' : 'open',
        priority: pick(PRIORITIES),
        assigneeId: pick(members),
        links: JSON.stringify([{ kind: 'contact', id: contactId }]),
        contactId,
        completedAt: done ? new Date(Math.min(now, dueAt)).toISOString() : null,
        completedById: done ? tenant.userId : null,
        createdAt: new Date(createdAt).toISOString(),
      };
    });
    await sql.query(
      `INSERT INTO "Task" ("id","tenantId","title","dueAt","status","priority","assigneeId","links","linkedRecordIds","completedAt","completedById","createdById","createdAt","updatedAt")
       SELECT id, $1::uuid, ti, d, s::"TaskStatus", p::"TicketPriority", a, l::jsonb, ARRAY[c], ca, cb, $2::uuid, t, t
       FROM unnest($3::uuid[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::uuid[], $11::timestamptz[], $12::uuid[], $13::timestamptz[])
         AS r(id, ti, d, s, p, a, l, c, ca, cb, t)`,
      [tenant.tenantId, tenant.userId, rows.map((r) => r.id), rows.map((r) => r.title), rows.map((r) => r.dueAt), rows.map((r) => r.status),
        rows.map((r) => r.priority), rows.map((r) => r.assigneeId), rows.map((r) => r.links), rows.map((r) => r.contactId),
        rows.map((r) => r.completedAt), rows.map((r) => r.completedById), rows.map((r) => r.createdAt)],
    );
  }
}
