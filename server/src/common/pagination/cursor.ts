import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';

/**
 * Keyset pagination cursors: the sort key and id of the last row served, plus the order
 * and a digest of the filters the page was made for, opaque to clients (base64url JSON).
 * A deep page costs the same as the first one. A cursor reused with another sort,
 * direction or filter set would position a different list, so it is refused, never
 * silently answered with the wrong page. Cursors are not signed (ADR 0016): a forged one
 * can only page through rows the caller's own filters already reach.
 */
export interface CursorPosition {
  /** Value of the sort column of the last row (ISO string for dates). */
  key: string | number | null;
  id: string;
}

export type SortDirection = 'asc' | 'desc';

/** What a cursor is bound to: the list order and the filters, as a digest. */
export interface CursorScope {
  sort: string;
  direction: SortDirection;
  filters: string;
}

/** Query fields that choose the page rather than the list; everything else is a filter. */
const NOT_FILTERS = new Set(['cursor', 'limit', 'includeTotal', 'sort', 'direction']);

/** The scope of one list request: its resolved order and its filters' digest. */
export function cursorScope(query: Record<string, unknown>, sort: string, direction: SortDirection): CursorScope {
  const filters = Object.fromEntries(Object.entries(query).filter(([key, value]) => !NOT_FILTERS.has(key) && value !== undefined));
  const digest = createHash('sha256').update(canonicalJson(filters)).digest('base64url').slice(0, 16);
  return { sort, direction, filters: digest };
}

export function encodeCursor(scope: CursorScope, position: CursorPosition): string {
  const cursor: Cursor = { s: scope.sort, d: scope.direction, f: scope.filters, k: position.key, i: position.id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

const cursorShape = z.strictObject({
  s: z.string(),
  d: z.enum(['asc', 'desc']),
  f: z.string(),
  k: z.union([z.string(), z.number(), z.null()]),
  i: z.uuid(),
});
type Cursor = z.infer<typeof cursorShape>;

const RESTART = 'drop the cursor and request the first page again';

export function decodeCursor(text: string, scope: CursorScope): CursorPosition {
  const cursor = readCursor(text);
  if (cursor.s !== scope.sort) {
    throw cursorIssue(`was made for sort=${cursor.s}, not sort=${scope.sort}; ${RESTART} with the new sort`);
  }
  if (cursor.d !== scope.direction) {
    throw cursorIssue(`was made for direction=${cursor.d}, not direction=${scope.direction}; ${RESTART} with the new direction`);
  }
  if (cursor.f !== scope.filters) {
    throw cursorIssue(`was made for other filters than this request's; ${RESTART} with the new filters, `
      + 'or repeat exactly the filters of the page that returned it');
  }
  return { key: cursor.k, id: cursor.i };
}

function readCursor(text: string): Cursor {
  try {
    return cursorShape.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw cursorIssue(`is not a cursor this API issued; ${RESTART}`);
  }
}

/** A cursor whose position cannot be read for this sort (used by the keyset helpers). */
export function unreadableCursor(): DomainError {
  return cursorIssue(`does not hold a position for this sort order; ${RESTART}`);
}

function cursorIssue(message: string): DomainError {
  return DomainError.validation([{ path: 'cursor', message }]);
}

/** Keys sorted; lists of plain values sorted too, since list filters are "any of" sets. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map(canonicalJson);
    return `[${value.every((item) => item === null || typeof item !== 'object') ? items.sort().join(',') : items.join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const paginationQuery = {
  limit: z.number().int().min(1).max(100).default(25).describe('Page size.'),
  // Room for a name-sorted cursor: two 100-character names in UTF-8, escaped, then base64url.
  cursor: z.string().min(1).max(2048).optional()
    .describe('nextCursor of the previous page.'),
  includeTotal: z.boolean().default(false).describe('Also count matches.'),
};

export function pageOutput<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable()
      .describe('Pass as cursor, with the same sort, direction and filters, to get the next page; null on the last page.'),
    total: z.number().int().optional().describe('Count of all matching rows, when includeTotal was requested.'),
  });
}
