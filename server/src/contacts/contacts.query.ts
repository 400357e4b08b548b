import { type CursorPosition, type CursorScope, encodeCursor, unreadableCursor } from '../common/pagination/cursor.js';
import { escapeLike } from '../common/text/escape-like.js';
import type { Contact, Prisma } from '../generated/prisma/client.js';
import type { ContactSort, ListContactsQuery } from './contacts.schemas.js';
import { searchTerm } from './contacts.search-text.js';
import { afterTimestampCursor, timestampCursorOf, timestampOrder } from '../common/pagination/timestamp-keyset.js';

type Direction = 'asc' | 'desc';

/** The list's sort, resolved from the query: name reads A..Z, dates newest first by default. */
export function sortOf(query: Pick<ListContactsQuery, 'sort' | 'direction'>): { sort: ContactSort; direction: Direction } {
  return { sort: query.sort, direction: query.direction ?? (query.sort === 'name' ? 'asc' : 'desc') };
}

/** Filters only (no cursor): also the WHERE of the optional total. */
export function contactFilters(query: ListContactsQuery): Prisma.ContactWhereInput[] {
  const filters: Prisma.ContactWhereInput[] = [];
  const term = query.q === undefined ? '' : searchTerm(query.q);
  // searchText is stored lower-cased, so a plain LIKE on the lower-cased term is
  // case-insensitive and can use the trigram index.
  if (term) filters.push({ searchText: { contains: escapeLike(term) } });
  if (query.company) filters.push({ company: { equals: escapeLike(query.company), mode: 'insensitive' } });
  if (query.companyId) filters.push({ companyId: query.companyId });
  if (query.ownerId) filters.push({ ownerId: query.ownerId });
  if (query.createdAfter) filters.push({ createdAt: { gte: new Date(query.createdAfter) } });
  if (query.createdBefore) filters.push({ createdAt: { lt: new Date(query.createdBefore) } });
  return filters;
}

export function contactOrderBy(sort: ContactSort, direction: Direction): Prisma.ContactOrderByWithRelationInput[] {
  if (sort === 'name') return [{ lastName: direction }, { firstName: direction }, { id: direction }];
  return timestampOrder(sort, direction);
}

/**
 * Rows strictly after the cursor in (sortKey, id) order: the equivalent of
 * `(key, id) > (k, i)`. The leading column's non-strict bound (`>= k` / `<= k`)
 * becomes the index range start on the matching (tenantId, key..., id) index, so a
 * deep page is a seek, not a scan; the OR only trims rows that tie on the key.
 */
export function contactAfterCursor(
  cursor: CursorPosition,
  sort: ContactSort,
  direction: Direction,
): Prisma.ContactWhereInput {
  const past = direction === 'asc' ? 'gt' : 'lt';
  const upTo = direction === 'asc' ? 'gte' : 'lte';
  if (sort === 'name') {
    const [lastName, firstName] = nameKeyOf(cursor);
    return {
      lastName: { [upTo]: lastName },
      OR: [
        { lastName: { [past]: lastName } },
        { lastName, firstName: { [past]: firstName } },
        { lastName, firstName, id: { [past]: cursor.id } },
      ],
    };
  }
  return afterTimestampCursor(sort, cursor, direction);
}

export function cursorAfter(row: Contact, sort: ContactSort, scope: CursorScope): string {
  if (sort !== 'name') return timestampCursorOf(row, sort, scope);
  return encodeCursor(scope, { key: JSON.stringify([row.lastName, row.firstName]), id: row.id });
}

function nameKeyOf(cursor: CursorPosition): [string, string] {
  try {
    const key = JSON.parse(String(cursor.key)) as unknown;
    if (Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string')) {
      return key as [string, string];
    }
  } catch {
    // fall through to the common refusal
  }
  throw unreadableCursor();
}
