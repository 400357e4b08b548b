import { TRASHABLE_KINDS, type TrashableKind } from '../trash/trashable-kinds.js';

/**
 * The SQL table of each record kind whose changes undo can write back. Kinds the audit
 * trail records but undo does not serve (pipelines and stages: their positions are
 * renumbered in two phases under a lock, which a column-by-column write-back would break)
 * are absent. Companies, notes and tasks join with their tables.
 */
export const TABLE_OF: Readonly<Record<TrashableKind, string>> = {
  contact: 'Contact',
  company: 'Company',
  lead: 'Lead',
  deal: 'Deal',
  ticket: 'Ticket',
  note: 'Note',
  task: 'Task',
};

export function isUndoableKind(kind: string): kind is TrashableKind {
  return (TRASHABLE_KINDS as readonly string[]).includes(kind);
}

// Column names come from the audit trigger (to_jsonb of the row), never from a caller; they
// are still checked before they are spliced into SQL.
const COLUMN = /^[A-Za-z][A-Za-z0-9_]*$/;

export function quotedColumn(name: string): string {
  if (!COLUMN.test(name)) throw new Error(`Unexpected column name in the audit trail: ${name}`);
  return `"${name}"`;
}

/** Columns an audit entry carries but a person does not set: named last in explanations, hidden from timelines. */
export const DERIVED_COLUMNS: ReadonlySet<string> = new Set(['searchText']);
