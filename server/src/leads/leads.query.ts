import { type CursorPosition, encodeCursor } from '../common/pagination/cursor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { escapeLike } from '../common/text/escape-like.js';
import type { Lead, Prisma } from '../generated/prisma/client.js';
import type { ListLeadsQuery } from './leads.schemas.js';

/** Filters only (no cursor): also the WHERE of the optional total. */
export function leadFilters(query: ListLeadsQuery): Prisma.LeadWhereInput[] {
  const filters: Prisma.LeadWhereInput[] = [];
  if (query.status) filters.push({ status: query.status });
  if (query.source) filters.push({ source: { equals: escapeLike(query.source), mode: 'insensitive' } });
  if (query.ownerId) filters.push({ ownerId: query.ownerId });
  if (query.q) {
    const contains = { contains: escapeLike(query.q), mode: 'insensitive' as const };
    filters.push({ OR: [{ name: contains }, { company: contains }, { email: contains }] });
  }
  return filters;
}

export const leadOrderBy: Prisma.LeadOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

/** Rows after the cursor in (createdAt desc, id desc) order; the `lte` bound is the index seek. */
export function leadAfterCursor(cursor: CursorPosition): Prisma.LeadWhereInput {
  const at = typeof cursor.key === 'string' ? new Date(cursor.key) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    throw DomainError.validation([{ path: 'cursor', message: 'is not a cursor this API issued; start again without it' }]);
  }
  return {
    createdAt: { lte: at },
    OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: cursor.id } }],
  };
}

export function leadCursorAfter(row: Lead): string {
  return encodeCursor({ key: row.createdAt.toISOString(), id: row.id });
}
