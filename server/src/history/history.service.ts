import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError } from '../common/errors/domain-error.js';
import { cursorScope, decodeCursor, encodeCursor, unreadableCursor } from '../common/pagination/cursor.js';
import { TenantDb } from '../database/tenant-db.js';
import { parseRecordUri } from '../trash/record-ref.js';
import { ENTITY_OF } from '../trash/trashable-kinds.js';
import { condition, countAuditEntries, readAuditEntries, type AuditEntryRow, type Condition } from './audit-entries.js';
import type { AuditEntry, AuditListOutput, AuditListQuery, TimelineOutput, TimelineQuery } from './history.schemas.js';
import { TABLE_OF } from './history-tables.js';
import { timelineCondition } from './linked-records.js';
import { stageIdsOf, toTimelineEntry } from './timeline-entry.js';

/**
 * Reads of the audit trail (ADR 0042): a record's timeline for anyone who may read CRM
 * records, and the workspace's whole trail for admins. Reads only: no route, tool or
 * service edits the trail (the database refuses it anyway, ADR 0038).
 */
@Injectable()
export class HistoryService {
  constructor(@Inject(TenantDb) private readonly db: TenantDb) {}

  async timeline(principal: Principal, query: TimelineQuery): Promise<TimelineOutput> {
    authorize(principal, 'crm:read');
    const ref = parseRecordUri(query.record, 'record');
    // The record must be this tenant's (live or in the trash): another tenant's id answers like a missing one.
    const db = this.db.withTrash(principal);
    const exists = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT "id"::text FROM "${TABLE_OF[ref.kind]}" WHERE "tenantId" = $1::uuid AND "id" = $2::uuid`,
      principal.tenantId, ref.id,
    );
    if (exists.length === 0) throw DomainError.notFound(ENTITY_OF[ref.kind], ref.id);
    const { rows, nextCursor } = await this.page(principal, query, [timelineCondition(ref.id)]);
    const stageNames = await this.stageNames(principal, stageIdsOf(rows));
    return { items: rows.map((row) => toTimelineEntry(row, ref.id, stageNames)), nextCursor };
  }

  async auditList(principal: Principal, query: AuditListQuery): Promise<AuditListOutput> {
    authorize(principal, 'audit:read');
    const conditions: Condition[] = [];
    if (query.actorUserId) conditions.push(condition((n) => `a."actorUserId" = $${n}::uuid`, query.actorUserId));
    if (query.channel) conditions.push(condition((n) => `a."channel" = $${n}`, query.channel));
    if (query.kind) conditions.push(condition((n) => `a."recordKind" = $${n}`, query.kind));
    if (query.record) conditions.push(condition((n) => `a."recordId" = $${n}::uuid`, auditedRecordId(query.record)));
    if (query.changeSetId) conditions.push(condition((n) => `a."changeSetId" = $${n}::uuid`, query.changeSetId));
    if (query.from) conditions.push(condition((n) => `a."occurredAt" >= $${n}::timestamptz`, query.from));
    if (query.to) conditions.push(condition((n) => `a."occurredAt" < $${n}::timestamptz`, query.to));
    const [{ rows, nextCursor }, total] = await Promise.all([
      this.page(principal, query, conditions),
      query.includeTotal ? countAuditEntries(this.db.for(principal), principal.tenantId, conditions) : undefined,
    ]);
    return { items: rows.map(toAuditEntry), nextCursor, ...(total === undefined ? {} : { total }) };
  }

  private async page(principal: Principal, query: { cursor?: string; limit: number }, conditions: Condition[]) {
    const scope = cursorScope(query, 'seq', 'desc');
    const beforeSeq = query.cursor ? seqOf(decodeCursor(query.cursor, scope).key) : undefined;
    const rows = await readAuditEntries(this.db.for(principal), principal.tenantId, conditions, beforeSeq, query.limit + 1);
    const hasMore = rows.length > query.limit;
    const page = hasMore ? rows.slice(0, query.limit) : rows;
    const last = page[page.length - 1];
    return { rows: page, nextCursor: hasMore && last ? encodeCursor(scope, { key: last.seq, id: last.id }) : null };
  }

  private async stageNames(principal: Principal, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const stages = await this.db.for(principal).stage.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    return new Map(stages.map((stage) => [stage.id, stage.name]));
  }
}

// Any record the trail holds, pipelines included (the timeline serves the trashable kinds only).
const AUDITED_URI = /^crm:\/\/(contacts|companies|leads|deals|tickets|notes|tasks|pipelines)\/([0-9a-f-]{36})$/i;

function auditedRecordId(uri: string): string {
  const id = AUDITED_URI.exec(uri)?.[2];
  if (!id) throw DomainError.validation([{ path: 'record', message: 'must look like crm://{contacts,companies,leads,deals,tickets,notes,tasks,pipelines}/{uuid}' }]);
  return id.toLowerCase();
}

function seqOf(key: string | number | null): string {
  if (typeof key !== 'string' || !/^\d{1,19}$/.test(key)) throw unreadableCursor();
  return key;
}

function toAuditEntry(row: AuditEntryRow): AuditEntry {
  return {
    changeId: row.id,
    seq: row.seq,
    changeSetId: row.changeSetId,
    occurredAt: row.occurredAt.toISOString(),
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    credentialKind: row.credentialKind,
    apiKeyId: row.apiKeyId,
    oauthClientId: row.oauthClientId,
    channel: row.channel as AuditEntry['channel'],
    transport: row.transport,
    toolName: row.toolName,
    clientName: row.clientName,
    clientVersion: row.clientVersion,
    requestId: row.requestId,
    recordKind: row.recordKind,
    recordId: row.recordId,
    action: row.action as AuditEntry['action'],
    undoOfChangeSetId: row.undoOfChangeSetId,
    changes: row.changes,
  };
}
