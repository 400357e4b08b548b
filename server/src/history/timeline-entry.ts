import { DERIVED_COLUMNS } from './history-tables.js';
import type { AuditEntryRow } from './audit-entries.js';
import type { TimelineEntry } from './history.schemas.js';

// Columns a timeline reader gains nothing from: bookkeeping of the trash and derived text.
const HIDDEN = new Set([...DERIVED_COLUMNS, 'deletedAt']);

/** One audit row as a timeline entry: its type says what happened in a person's terms. */
export function toTimelineEntry(row: AuditEntryRow, recordId: string, stageNames: ReadonlyMap<string, string>): TimelineEntry {
  const changes = row.changes.filter((change) => !HIDDEN.has(change.field));
  const field = (name: string) => row.changes.find((change) => change.field === name);
  const entry: TimelineEntry = {
    type: typeOf(row, recordId),
    changeId: row.id,
    changeSetId: row.changeSetId,
    occurredAt: row.occurredAt.toISOString(),
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    channel: row.channel as TimelineEntry['channel'],
    toolName: row.toolName,
    clientName: row.clientName,
    recordKind: row.recordKind,
    recordId: row.recordId,
    action: row.action as TimelineEntry['action'],
    undoOfChangeSetId: row.undoOfChangeSetId,
    changes,
  };
  const stage = field('stageId');
  if (entry.type === 'stage_moved' && stage) {
    if (stage.before) entry.fromStage = stageNames.get(stage.before) ?? stage.before;
    if (stage.after) entry.toStage = stageNames.get(stage.after) ?? stage.after;
  }
  const status = field('status');
  if ((entry.type === 'status_changed' || entry.type === 'converted') && status) {
    if (status.before) entry.fromStatus = status.before;
    if (status.after) entry.toStatus = status.after;
  }
  return entry;
}

function typeOf(row: AuditEntryRow, recordId: string): TimelineEntry['type'] {
  // A note or task linked to the record: its own change, shown on the record's timeline.
  if (row.recordId !== recordId && (row.recordKind === 'note' || row.recordKind === 'task')) return row.recordKind;
  switch (row.action) {
    case 'create': return 'created';
    case 'delete': return 'deleted';
    case 'restore': return 'restored';
    case 'purge': return 'purged';
  }
  const changed = (name: string) => row.changes.some((change) => change.field === name);
  if (row.recordKind === 'lead' && row.changes.some((change) => change.field === 'status' && change.after === 'CONVERTED')) return 'converted';
  if (row.recordKind === 'deal' && changed('stageId')) return 'stage_moved';
  if (changed('status')) return 'status_changed';
  return 'updated';
}

/** The stage ids a page of deal entries names, to look their names up once. */
export function stageIdsOf(rows: AuditEntryRow[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) {
    for (const change of row.changes) {
      if (change.field !== 'stageId') continue;
      if (change.before) ids.add(change.before);
      if (change.after) ids.add(change.after);
    }
  }
  return [...ids];
}
