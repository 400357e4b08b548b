import { type CursorPosition, type CursorScope, encodeCursor, type SortDirection, unreadableCursor } from './cursor.js';

export type { SortDirection } from './cursor.js';
// dueAt: task lists sort by due time (never null), with the same keyset.
export type TimestampColumn = 'createdAt' | 'updatedAt' | 'dueAt';

/** ORDER BY (column, id): the id breaks ties so every row has one place in the order. */
export function timestampOrder<Column extends TimestampColumn>(column: Column, direction: SortDirection) {
  return [{ [column]: direction }, { id: direction }] as { [key in Column | 'id']?: SortDirection }[];
}

/**
 * Rows strictly after the cursor in (column, id) order, i.e. `(column, id) < (k, i)` when
 * newest first. The non-strict bound on the column is the range start on the matching
 * (tenantId, column, id) index, so a deep page is a seek, not a scan; the OR only trims
 * rows that tie on the timestamp.
 */
export function afterTimestampCursor(column: TimestampColumn, cursor: CursorPosition, direction: SortDirection) {
  const at = typeof cursor.key === 'string' ? new Date(cursor.key) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw unreadableCursor();
  const past = direction === 'asc' ? 'gt' : 'lt';
  return {
    [column]: { [direction === 'asc' ? 'gte' : 'lte']: at },
    OR: [{ [column]: { [past]: at } }, { [column]: at, id: { [past]: cursor.id } }],
  };
}

export function timestampCursorOf<Column extends TimestampColumn>(
  row: { id: string } & Record<Column, Date>,
  column: Column,
  scope: CursorScope,
): string {
  return encodeCursor(scope, { key: row[column].toISOString(), id: row.id });
}
