import { type CursorPosition, type CursorScope, encodeCursor, unreadableCursor } from '../common/pagination/cursor.js';
import { afterTimestampCursor, timestampCursorOf, timestampOrder } from '../common/pagination/timestamp-keyset.js';
import { escapeLike } from '../common/text/escape-like.js';
import type { Company, Prisma } from '../generated/prisma/client.js';
import type { CompanySort, ListCompaniesQuery } from './companies.schemas.js';

type Direction = 'asc' | 'desc';

/** Every read of companies sees only the live ones: a company in the trash is gone for lists, gets, links and search. */
export const LIVE = { deletedAt: null } as const;

export function sortOf(query: Pick<ListCompaniesQuery, 'sort' | 'direction'>): { sort: CompanySort; direction: Direction } {
  return { sort: query.sort, direction: query.direction ?? (query.sort === 'name' ? 'asc' : 'desc') };
}

/** Filters only (no cursor): also the WHERE of the optional total. `domain` arrives normalized. */
export function companyFilters(query: ListCompaniesQuery, domain: string | undefined): Prisma.CompanyWhereInput[] {
  const filters: Prisma.CompanyWhereInput[] = [LIVE];
  const term = query.q?.trim();
  // ILIKE on each column: the trigram indexes on name and domain serve it.
  if (term) {
    const pattern = escapeLike(term);
    filters.push({ OR: [{ name: { contains: pattern, mode: 'insensitive' } }, { domain: { contains: pattern.toLowerCase() } }] });
  }
  if (domain !== undefined) filters.push({ domain });
  if (query.industry) filters.push({ industry: { equals: escapeLike(query.industry), mode: 'insensitive' } });
  if (query.ownerId) filters.push({ ownerId: query.ownerId });
  if (query.createdAfter) filters.push({ createdAt: { gte: new Date(query.createdAfter) } });
  if (query.createdBefore) filters.push({ createdAt: { lt: new Date(query.createdBefore) } });
  return filters;
}

export function companyOrderBy(sort: CompanySort, direction: Direction): Prisma.CompanyOrderByWithRelationInput[] {
  if (sort === 'name') return [{ name: direction }, { id: direction }];
  return timestampOrder(sort, direction);
}

/** Rows strictly after the cursor in (sortKey, id) order; see contacts.query.ts for why the bound is non-strict. */
export function companyAfterCursor(cursor: CursorPosition, sort: CompanySort, direction: Direction): Prisma.CompanyWhereInput {
  if (sort !== 'name') return afterTimestampCursor(sort, cursor, direction);
  if (typeof cursor.key !== 'string') throw unreadableCursor();
  const past = direction === 'asc' ? 'gt' : 'lt';
  return {
    name: { [direction === 'asc' ? 'gte' : 'lte']: cursor.key },
    OR: [{ name: { [past]: cursor.key } }, { name: cursor.key, id: { [past]: cursor.id } }],
  };
}

export function cursorAfter(row: Company, sort: CompanySort, scope: CursorScope): string {
  if (sort !== 'name') return timestampCursorOf(row, sort, scope);
  return encodeCursor(scope, { key: row.name, id: row.id });
}
