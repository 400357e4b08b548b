import { escapeLike } from '../common/text/escape-like.js';
import type { Prisma } from '../generated/prisma/client.js';
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
