import { type CursorPosition, encodeCursor } from '../common/pagination/cursor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { escapeLike } from '../common/text/escape-like.js';
import type { Prisma, Ticket } from '../generated/prisma/client.js';
import type { ListTicketsQuery } from './tickets.schemas.js';

/** Filters only (no cursor): also the WHERE of the optional total. */
export function ticketFilters(query: ListTicketsQuery): Prisma.TicketWhereInput[] {
  const filters: Prisma.TicketWhereInput[] = [];
  if (query.status) filters.push({ status: { in: query.status } });
  if (query.priority) filters.push({ priority: { in: query.priority } });
  if (query.assigneeId) filters.push({ assigneeId: query.assigneeId });
  if (query.contactId) filters.push({ contactId: query.contactId });
  const term = query.q?.trim();
  if (term) {
    const contains = { contains: escapeLike(term), mode: 'insensitive' as const };
    filters.push({ OR: [{ subject: contains }, { description: contains }] });
  }
  return filters;
}

export function ticketOrderBy(direction: 'asc' | 'desc'): Prisma.TicketOrderByWithRelationInput[] {
  return [{ createdAt: direction }, { id: direction }];
}

/**
 * Rows strictly after the cursor in (createdAt, id) order, i.e. `(createdAt, id) < (k, i)`
 * when newest first. `createdAt <= k` is the range start on the (tenantId, createdAt
 * desc, id desc) index, so a deep page is a seek; the OR only trims ties on createdAt.
 */
export function ticketAfterCursor(cursor: CursorPosition, direction: 'asc' | 'desc'): Prisma.TicketWhereInput {
  const at = typeof cursor.key === 'string' ? new Date(cursor.key) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    throw DomainError.validation([{ path: 'cursor', message: 'is not a cursor this API issued; start again without it' }]);
  }
  const past = direction === 'asc' ? 'gt' : 'lt';
  return {
    createdAt: { [direction === 'asc' ? 'gte' : 'lte']: at },
    OR: [{ createdAt: { [past]: at } }, { createdAt: at, id: { [past]: cursor.id } }],
  };
}

export function ticketCursorAfter(row: Ticket): string {
  return encodeCursor({ key: row.createdAt.toISOString(), id: row.id });
}
