import { escapeLike } from '../common/text/escape-like.js';
import type { Prisma } from '../generated/prisma/client.js';
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
