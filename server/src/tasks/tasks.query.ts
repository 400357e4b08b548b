import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { Prisma } from '../generated/prisma/client.js';
import { recordIdOf } from '../links/record-links.schemas.js';
import { dueWindow } from './due-window.js';
import type { ListTasksQuery } from './tasks.schemas.js';

/**
 * Filters only (no cursor): also the WHERE of the optional total. Each filter family has
 * an index ending in (dueAt, id), the sort: (tenantId, assigneeId, status, dueAt, id) for
 * "my open tasks" and "overdue for X", (tenantId, status, dueAt, id) for overdue, and
 * (tenantId, dueAt, id) for due windows; `record` goes through the GIN index.
 */
export function taskFilters(principal: Principal, query: ListTasksQuery, now: Date): Prisma.TaskWhereInput[] {
  if (query.mine && query.assigneeId && query.assigneeId.toLowerCase() !== principal.userId) {
    throw DomainError.validation([{ path: 'assigneeId', message: 'cannot be another member together with mine=true; send one of them' }]);
  }
  if (query.overdue && query.status === 'done') {
    throw DomainError.validation([{ path: 'status', message: 'cannot be done together with overdue=true, which means open and past due' }]);
  }
  // Trashed tasks are invisible (the tenant extension will say so itself once the trash is merged).
  const filters: Prisma.TaskWhereInput[] = [{ deletedAt: null }];
  const assignee = query.mine ? principal.userId : query.assigneeId;
  if (assignee) filters.push({ assigneeId: assignee });
  const status = query.overdue ? 'open' : query.status;
  if (status) filters.push({ status });
  if (query.overdue) filters.push({ dueAt: { lt: now } });
  if (query.dueWithin) {
    const window = dueWindow(query.dueWithin, now, query.timezone);
    filters.push({ dueAt: { gte: window.from, lt: window.to } });
  }
  if (query.dueAfter) filters.push({ dueAt: { gte: new Date(query.dueAfter) } });
  if (query.dueBefore) filters.push({ dueAt: { lt: new Date(query.dueBefore) } });
  if (query.record) filters.push({ linkedRecordIds: { has: recordIdOf(query.record) } });
  return filters;
}
