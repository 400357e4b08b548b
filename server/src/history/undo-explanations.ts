import { DomainError } from '../common/errors/domain-error.js';
import type { TenantTx } from '../database/tenant-tx.js';
import { ENTITY_OF, type TrashableKind } from '../trash/trashable-kinds.js';

interface Since {
  name: string | null;
  email: string | null;
  channel: string;
  toolName: string | null;
  occurredAt: Date;
  changeSetId: string;
}

/**
 * The refusal of an undo whose field changed since: names the record, the field, and who
 * changed it last, through what and when, from the audit trail.
 */
export async function conflictSince(
  tx: TenantTx,
  tenantId: string,
  change: { recordKind: TrashableKind; recordId: string; seq: string },
  field: string,
): Promise<DomainError> {
  const [since] = await tx.$queryRawUnsafe<Since[]>(
    `SELECT u."name", u."email", a."channel", a."toolName", a."occurredAt", a."changeSetId"::text
       FROM "AuditChange" a LEFT JOIN "User" u ON u."id" = a."actorUserId"
      WHERE a."tenantId" = $1::uuid AND a."recordId" = $2::uuid AND a."seq" > $3::bigint AND (a."after" -> $4) IS NOT NULL
      ORDER BY a."seq" DESC LIMIT 1`,
    tenantId, change.recordId, change.seq, field,
  );
  const record = `${ENTITY_OF[change.recordKind]} ${change.recordId}`;
  const what = field === 'deletedAt' ? 'was moved to the trash or restored' : `had its ${field} changed`;
  const who = since
    ? ` by ${since.name ?? 'the system'}${since.email ? ` (${since.email})` : ''} via ${since.channel}` +
      `${since.toolName ? ` (${since.toolName})` : ''} at ${since.occurredAt.toISOString()}, change set ${since.changeSetId}`
    : '';
  return DomainError.conflict(
    `Nothing was undone: ${record} ${what} since${who}. Undo the later change first, or change the record yourself.`,
    field,
  );
}

/** A write-back the database refused (a unique value taken meanwhile, a referenced row gone), as a 409. */
export function databaseRefusal(error: unknown, entity: string, id: string): DomainError | undefined {
  const code = sqlStateOf(error);
  if (code === '23505') {
    const detail = detailOf(error);
    return DomainError.conflict(
      `Nothing was undone: restoring ${entity} ${id} would reuse a value another live record now holds${detail ? ` (${detail})` : ''}. ` +
        'Change or delete that record first, then undo again.',
    );
  }
  if (code === '23503') {
    return DomainError.conflict(
      `Nothing was undone: ${entity} ${id} would point at a record that no longer exists (a member, stage or contact removed since). ` +
        'Change the record yourself instead.',
    );
  }
  return undefined;
}

// The driver adapters wrap PostgreSQL's error differently: walk the chain for its SQLSTATE.
function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const text = JSON.stringify(current, Object.getOwnPropertyNames(current)) ?? '';
    for (const state of ['23505', '23503']) if (text.includes(state)) return state;
    if (/unique constraint|UniqueConstraintViolation/i.test(text)) return '23505';
    if (/foreign key constraint|ForeignKeyConstraintViolation/i.test(text)) return '23503';
    const { meta, cause } = current as { meta?: { driverAdapterError?: unknown }; cause?: unknown };
    current = meta?.driverAdapterError ?? cause;
  }
  return undefined;
}

function detailOf(error: unknown): string | undefined {
  const text = String((error as { message?: unknown })?.message ?? '');
  return /Key \(([^)]*)\)=\(([^)]*)\)/.exec(text)?.slice(1, 3).join(' = ').replace(/"/g, '');
}
