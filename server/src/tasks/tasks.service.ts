import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { assertVersion, missedWriteError, NEXT_VERSION, versionGuard } from '../common/concurrency/row-version.js';
import { DomainError } from '../common/errors/domain-error.js';
import { cursorScope, decodeCursor } from '../common/pagination/cursor.js';
import { afterTimestampCursor, timestampCursorOf, timestampOrder } from '../common/pagination/timestamp-keyset.js';
import { TenantDb } from '../database/tenant-db.js';
import type { TenantTx } from '../database/tenant-tx.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import type { Prisma } from '../generated/prisma/client.js';
import { assertLinkedRecordsExist } from '../links/linkable-records.js';
import { distinctLinks, linkedRecordIdsOf, type RecordLink } from '../links/record-links.schemas.js';
import { assertAssignee } from './task-assignee.js';
import { completionFields } from './task-completion.js';
import { toTaskOutput } from './tasks.mapper.js';
import { taskFilters } from './tasks.query.js';
import type {
  CreateTaskInput,
  DeletedTaskOutput,
  ListTasksQuery,
  TaskListOutput,
  TaskOutput,
  UpdateTaskInput,
} from './tasks.schemas.js';

const LIVE = { deletedAt: null };

@Injectable()
export class TasksService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  /** Tasks by due time (then id), keyset-paged. */
  async list(principal: Principal, query: ListTasksQuery): Promise<TaskListOutput> {
    authorize(principal, 'crm:read');
    const db = this.db.for(principal);
    const filters = taskFilters(principal, query, new Date());
    const scope = cursorScope(query, 'dueAt', query.direction);
    const page = query.cursor
      ? [...filters, afterTimestampCursor('dueAt', decodeCursor(query.cursor, scope), query.direction)]
      : filters;
    const [rows, total] = await Promise.all([
      db.task.findMany({ where: { AND: page }, orderBy: timestampOrder('dueAt', query.direction), take: query.limit + 1 }),
      query.includeTotal ? db.task.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toTaskOutput),
      nextCursor: hasMore ? timestampCursorOf(items[items.length - 1]!, 'dueAt', scope) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  async get(principal: Principal, id: string): Promise<TaskOutput> {
    authorize(principal, 'crm:read');
    const row = await this.db.for(principal).task.findFirst({ where: { id, ...LIVE } });
    if (!row) throw DomainError.notFound('Task', id);
    return toTaskOutput(row);
  }

  create(principal: Principal, input: CreateTaskInput): Promise<TaskOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'task', this.db.write(principal, async (tx) => {
      // Omitted: the caller's own task ("remind me to …"); null: nobody yet.
      const assigneeId = input.assigneeId === undefined ? principal.userId : input.assigneeId;
      if (assigneeId) await assertAssignee(tx, assigneeId);
      const links = await checkedLinks(tx, input.links ?? []);
      const row = await tx.task.create({
        data: {
          title: input.title,
          dueAt: new Date(input.dueAt),
          priority: input.priority,
          assigneeId,
          links,
          linkedRecordIds: linkedRecordIdsOf(links),
          tenantId: principal.tenantId,
          createdById: principal.userId,
        },
      });
      return toTaskOutput(row);
    }));
  }

  /**
   * Partial update. Moving to done records when and by whom; moving back to open clears
   * both. The status read is part of the UPDATE's WHERE, so two concurrent completions
   * cannot both stamp the task.
   */
  update(principal: Principal, id: string, input: UpdateTaskInput, expectedVersion?: number): Promise<TaskOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'task', this.db.write(principal, async (tx) => {
      const current = await tx.task.findFirst({ where: { id, ...LIVE } });
      if (!current) throw DomainError.notFound('Task', id);
      assertVersion('Task', id, expectedVersion, current);
      if (Object.keys(input).length === 0) return toTaskOutput(current);
      if (input.assigneeId) await assertAssignee(tx, input.assigneeId);
      const data: Prisma.TaskUncheckedUpdateManyInput = { ...NEXT_VERSION };
      if (input.title !== undefined) data.title = input.title;
      if (input.dueAt !== undefined) data.dueAt = new Date(input.dueAt);
      if (input.priority !== undefined) data.priority = input.priority;
      if (input.assigneeId !== undefined) data.assigneeId = input.assigneeId;
      if (input.links !== undefined) {
        const links = await checkedLinks(tx, input.links);
        Object.assign(data, { links, linkedRecordIds: linkedRecordIdsOf(links) });
      }
      const moving = input.status !== undefined && input.status !== current.status;
      if (moving) Object.assign(data, { status: input.status }, completionFields(input.status!, principal, new Date()));
      const [row] = await tx.task.updateManyAndReturn({
        where: { ...versionGuard(id, expectedVersion), ...LIVE, ...(moving ? { status: current.status } : {}) },
        data,
      });
      if (!row) {
        const now = await tx.task.findFirst({ where: { id, ...LIVE }, select: { version: true } });
        throw missedWriteError('Task', id, expectedVersion, now, () =>
          DomainError.conflict('The task\'s status was changed by someone else meanwhile. Read it again and retry.'));
      }
      return toTaskOutput(row);
    }));
  }

  /** Moves the task to the trash (deletedAt). */
  delete(principal: Principal, id: string, expectedVersion?: number): Promise<DeletedTaskOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'task', this.db.write(principal, async (tx) => {
      const { count } = await tx.task.updateMany({
        where: { ...versionGuard(id, expectedVersion), ...LIVE },
        data: { deletedAt: new Date(), ...NEXT_VERSION },
      });
      if (count === 0) throw missedWriteError('Task', id, expectedVersion, await tx.task.findFirst({ where: { id, ...LIVE }, select: { version: true } }));
      return { id, deleted: true as const };
    }));
  }
}

/** The links as they will be stored: each record once, every one in the caller's workspace. */
async function checkedLinks(tx: TenantTx, given: readonly RecordLink[]): Promise<RecordLink[]> {
  await assertLinkedRecordsExist(tx, given);
  return distinctLinks(given);
}
