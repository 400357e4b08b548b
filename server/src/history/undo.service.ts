import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError } from '../common/errors/domain-error.js';
import { TenantDb } from '../database/tenant-db.js';
import type { TenantTx } from '../database/tenant-tx.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import { ENTITY_OF, type TrashableKind } from '../trash/trashable-kinds.js';
import { conflictSince, databaseRefusal } from './undo-explanations.js';
import { DERIVED_COLUMNS, isUndoableKind, quotedColumn, TABLE_OF } from './history-tables.js';
import type { UndoOutput } from './undo.schemas.js';

interface ChangeRow {
  id: string;
  seq: string;
  changeSetId: string;
  actorUserId: string | null;
  recordKind: string;
  recordId: string;
  action: string;
  beforeKeys: string[] | null;
}

type Target = { changeSetId: string } | { changeId: string };

/**
 * Undo (ADR 0041): writes a change's `before` values back, in one transaction for the whole
 * change set, only while every field it changed still holds the value it wrote. Rows are
 * locked first (FOR UPDATE, in a fixed order), so a concurrent write either commits before
 * the check (and the undo is refused, naming it) or waits until the undo committed; nothing
 * is ever half-reverted. The undo is itself an audited change set (undoOfChangeSetId).
 */
@Injectable()
export class UndoService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async undo(principal: Principal, target: Target): Promise<UndoOutput> {
    authorize(principal, 'crm:write');
    const changeSetId = await this.changeSetOf(principal, target);
    return this.changes.after(
      principal,
      (result: UndoOutput) => result.records.map((record) => ({ kind: record.kind, id: record.id })),
      this.db.write(principal, (tx) => this.revert(tx, principal, changeSetId, target), { withTrash: true, undoOfChangeSetId: changeSetId }),
    );
  }

  private async changeSetOf(principal: Principal, target: Target): Promise<string> {
    const where = 'changeId' in target ? { id: target.changeId } : { changeSetId: target.changeSetId };
    const change = await this.db.for(principal).auditChange.findFirst({ where, select: { changeSetId: true } });
    if (!change) throw DomainError.notFound('changeId' in target ? 'Change' : 'Change set', 'changeId' in target ? target.changeId : target.changeSetId);
    return change.changeSetId;
  }

  private async revert(tx: TenantTx, principal: Principal, changeSetId: string, target: Target): Promise<UndoOutput> {
    const changes = await loadChanges(tx, principal.tenantId, changeSetId, 'changeId' in target ? target.changeId : undefined);
    if (changes.some((change) => change.actorUserId !== principal.userId)) authorize(principal, 'changes:undo-others');
    for (const change of changes) assertUndoable(change);
    const undoable = changes as (ChangeRow & { recordKind: TrashableKind })[];
    // A fixed order (kind, then id) for the row locks, so two undos cannot deadlock each other.
    undoable.sort((a, b) => a.recordKind.localeCompare(b.recordKind) || a.recordId.localeCompare(b.recordId));
    for (const change of undoable) await lockRecord(tx, principal.tenantId, change);
    // Checked under the locks: a second undo of the same set waits for the first, then sees it here.
    await assertNotUndone(tx, principal.tenantId, changeSetId, undoable);
    for (const change of undoable) {
      const field = await firstChangedField(tx, change);
      if (field) throw await conflictSince(tx, principal.tenantId, change, field);
    }
    for (const change of undoable) await writeBack(tx, principal.tenantId, change);
    const [context] = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT current_setting('synapse.change', true)::jsonb ->> 'changeSetId' AS id`);
    return {
      undoneChangeSetId: changeSetId,
      changeSetId: context!.id,
      records: undoable.map((change) => ({ kind: change.recordKind, id: change.recordId, reverted: change.action as UndoOutput['records'][number]['reverted'] })),
    };
  }
}

async function loadChanges(tx: TenantTx, tenantId: string, changeSetId: string, changeId: string | undefined): Promise<ChangeRow[]> {
  return tx.$queryRawUnsafe<ChangeRow[]>(
    `SELECT "id"::text, "seq"::text, "changeSetId"::text, "actorUserId"::text, "recordKind", "recordId"::text, "action",
            (SELECT array_agg(key) FROM jsonb_object_keys(coalesce("before", '{}'::jsonb)) AS key) AS "beforeKeys"
       FROM "AuditChange"
      WHERE "tenantId" = $1::uuid AND "changeSetId" = $2::uuid AND ($3::uuid IS NULL OR "id" = $3::uuid)
      ORDER BY "seq"`,
    tenantId, changeSetId, changeId ?? null,
  );
}

function assertUndoable(change: ChangeRow): void {
  const entity = isUndoableKind(change.recordKind) ? ENTITY_OF[change.recordKind] : change.recordKind;
  if (!isUndoableKind(change.recordKind)) {
    throw DomainError.conflict(`Changes to ${change.recordKind} records cannot be undone; change it back with its own update route or tool.`);
  }
  if (change.action === 'purge') {
    throw DomainError.conflict(`${entity} ${change.recordId} was purged for good; a purge cannot be undone.`);
  }
}

async function lockRecord(tx: TenantTx, tenantId: string, change: ChangeRow & { recordKind: TrashableKind }): Promise<void> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT "id"::text FROM "${TABLE_OF[change.recordKind]}" WHERE "tenantId" = $1::uuid AND "id" = $2::uuid FOR UPDATE`,
    tenantId, change.recordId,
  );
  if (rows.length === 0) {
    throw DomainError.conflict(`${ENTITY_OF[change.recordKind]} ${change.recordId} was purged for good, so this change cannot be undone.`);
  }
}

async function assertNotUndone(tx: TenantTx, tenantId: string, changeSetId: string, changes: ChangeRow[]): Promise<void> {
  const [undone] = await tx.$queryRawUnsafe<{ changeSetId: string; recordKind: string; recordId: string }[]>(
    `SELECT "changeSetId"::text, "recordKind", "recordId"::text FROM "AuditChange"
      WHERE "tenantId" = $1::uuid AND "undoOfChangeSetId" = $2::uuid AND "recordId"::text = ANY(string_to_array($3, ','))
      ORDER BY "seq" LIMIT 1`,
    tenantId, changeSetId, changes.map((change) => change.recordId).join(','),
  );
  if (undone) {
    throw DomainError.conflict(
      `This change was already undone (change set ${undone.changeSetId}, on ${undone.recordKind} ${undone.recordId}); ` +
        'it cannot be undone twice. To bring the change back, undo that change set.',
    );
  }
}

/** The first field whose current value is no longer what the change wrote (fields a person sets first). */
async function firstChangedField(tx: TenantTx, change: ChangeRow & { recordKind: TrashableKind }): Promise<string | undefined> {
  const rows = await tx.$queryRawUnsafe<{ field: string }[]>(
    `SELECT e.key AS field
       FROM "AuditChange" c
       CROSS JOIN LATERAL jsonb_each(coalesce(c."after", '{}'::jsonb)) AS e
       JOIN "${TABLE_OF[change.recordKind]}" t ON t."id" = c."recordId" AND t."tenantId" = c."tenantId"
      WHERE c."id" = $1::uuid AND (to_jsonb(t) -> e.key) IS DISTINCT FROM e.value`,
    change.id,
  );
  const fields = rows.map((row) => row.field).sort((a, b) => Number(DERIVED_COLUMNS.has(a)) - Number(DERIVED_COLUMNS.has(b)));
  return fields[0];
}

async function writeBack(tx: TenantTx, tenantId: string, change: ChangeRow & { recordKind: TrashableKind }): Promise<void> {
  const table = `"${TABLE_OF[change.recordKind]}"`;
  try {
    if (change.action === 'create') {
      // A create is undone by moving the record to the trash, where undoing this undo finds it again.
      await tx.$executeRawUnsafe(
        `UPDATE ${table} SET "deletedAt" = now(), "version" = "version" + 1, "updatedAt" = now() WHERE "tenantId" = $1::uuid AND "id" = $2::uuid`,
        tenantId, change.recordId,
      );
      return;
    }
    const columns = (change.beforeKeys ?? []).map(quotedColumn);
    if (columns.length === 0) return;
    // The values are read from the audit row inside the database, so decimals and timestamps round-trip exactly.
    await tx.$executeRawUnsafe(
      `UPDATE ${table} AS t SET ${columns.map((column) => `${column} = r.${column}`).join(', ')},
              "version" = t."version" + 1, "updatedAt" = now()
         FROM jsonb_populate_record(NULL::${table}, (SELECT "before" FROM "AuditChange" WHERE "id" = $1::uuid)) AS r
        WHERE t."tenantId" = $2::uuid AND t."id" = $3::uuid`,
      change.id, tenantId, change.recordId,
    );
  } catch (error) {
    throw databaseRefusal(error, ENTITY_OF[change.recordKind], change.recordId) ?? error;
  }
}
