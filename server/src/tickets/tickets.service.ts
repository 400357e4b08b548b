import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError } from '../common/errors/domain-error.js';
import { cursorScope, decodeCursor } from '../common/pagination/cursor.js';
import { afterTimestampCursor, timestampCursorOf, timestampOrder } from '../common/pagination/timestamp-keyset.js';
import { assertVersion, missedWriteError, NEXT_VERSION, versionGuard } from '../common/concurrency/row-version.js';
import { assertContact, assertMember } from '../database/record-references.js';
import { TenantDb } from '../database/tenant-db.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import type { TenantTx } from '../database/tenant-tx.js';
import type { Prisma } from '../generated/prisma/client.js';
import { assertTicketTransition, closedTicketError, ticketTimestampsFor } from './ticket-transitions.js';
import { toTicketOutput } from './tickets.mapper.js';
import { ticketFilters } from './tickets.query.js';
import type {
  CreateTicketInput,
  DeletedTicketOutput,
  ListTicketsQuery,
  TicketListOutput,
  TicketOutput,
  UpdateTicketInput,
} from './tickets.schemas.js';

@Injectable()
export class TicketsService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async list(principal: Principal, query: ListTicketsQuery): Promise<TicketListOutput> {
    authorize(principal, 'crm:read');
    const db = this.db.for(principal);
    const filters = ticketFilters(query);
    const scope = cursorScope(query, 'createdAt', query.direction);
    const page = query.cursor
      ? [...filters, afterTimestampCursor('createdAt', decodeCursor(query.cursor, scope), query.direction)]
      : filters;
    const [rows, total] = await Promise.all([
      db.ticket.findMany({ where: { AND: page }, orderBy: timestampOrder('createdAt', query.direction), take: query.limit + 1 }),
      query.includeTotal ? db.ticket.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toTicketOutput),
      nextCursor: hasMore ? timestampCursorOf(items[items.length - 1]!, 'createdAt', scope) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  async get(principal: Principal, id: string): Promise<TicketOutput> {
    authorize(principal, 'crm:read');
    const row = await this.db.for(principal).ticket.findFirst({ where: { id } });
    if (!row) throw DomainError.notFound('Ticket', id);
    return toTicketOutput(row);
  }

  create(principal: Principal, input: CreateTicketInput): Promise<TicketOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'ticket', this.db.write(principal, async (tx) => {
      await assertReferences(tx, input);
      const row = await tx.ticket.create({
        data: {
          subject: input.subject,
          description: input.description ?? null,
          priority: input.priority,
          contactId: input.contactId ?? null,
          assigneeId: input.assigneeId ?? null,
          tenantId: principal.tenantId,
          createdById: principal.userId,
        },
      });
      return toTicketOutput(row);
    }));
  }

  /**
   * Partial update. A status change must follow the workflow; a CLOSED ticket accepts
   * nothing but an explicit re-open (status OPEN with reopen: true). The UPDATE's WHERE
   * carries what was checked: the status a transition starts from (or, for a plain edit,
   * that the ticket is still not CLOSED) and the caller's version when given.
   */
  update(principal: Principal, id: string, input: UpdateTicketInput, expectedVersion?: number): Promise<TicketOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'ticket', this.db.write(principal, async (tx) => {
      const current = await tx.ticket.findFirst({ where: { id } });
      if (!current) throw DomainError.notFound('Ticket', id);
      assertVersion('Ticket', id, expectedVersion, current);
      if (Object.keys(input).length === 0) return toTicketOutput(current);
      if (input.reopen && input.status !== 'OPEN') {
        throw DomainError.validation([{ path: 'reopen', message: 'is only valid together with status OPEN' }]);
      }
      const { reopen, status, ...fields } = input;
      const reopening = current.status === 'CLOSED' && status === 'OPEN' && reopen === true;
      if (current.status === 'CLOSED' && !reopening) {
        throw closedTicketError(status ?? 'CLOSED');
      }
      await assertReferences(tx, fields);
      const data: Prisma.TicketUncheckedUpdateManyInput = { ...fields, ...NEXT_VERSION };
      const moving = status !== undefined && status !== current.status;
      if (moving) {
        assertTicketTransition(current.status, status, reopen === true);
        Object.assign(data, { status }, ticketTimestampsFor(status, new Date()));
      }
      const statusGuard = moving ? current.status : { not: 'CLOSED' as const };
      const [row] = await tx.ticket.updateManyAndReturn({
        where: { ...versionGuard(id, expectedVersion), status: statusGuard },
        data,
      });
      if (!row) {
        const now = await tx.ticket.findFirst({ where: { id }, select: { version: true } });
        throw missedWriteError('Ticket', id, expectedVersion, now, () =>
          DomainError.conflict('The ticket\'s status was changed by someone else meanwhile. Read it again and retry.'));
      }
      return toTicketOutput(row);
    }));
  }

  /** Re-opens a ticket explicitly; the one way out of CLOSED. */
  reopen(principal: Principal, id: string, expectedVersion?: number): Promise<TicketOutput> {
    authorize(principal, 'crm:write');
    return this.update(principal, id, { status: 'OPEN', reopen: true }, expectedVersion);
  }

  /** Moves a ticket to the trash (ADR 0040); undo restores it. */
  delete(principal: Principal, id: string, expectedVersion?: number): Promise<DeletedTicketOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'ticket', this.db.write(principal, async (tx) => {
      const { count } = await tx.ticket.updateMany({
        where: versionGuard(id, expectedVersion),
        data: { deletedAt: new Date(), ...NEXT_VERSION },
      });
      if (count === 0) {
        throw missedWriteError('Ticket', id, expectedVersion, await tx.ticket.findFirst({ where: { id }, select: { version: true } }));
      }
      return { id, deleted: true as const };
    }));
  }
}

async function assertReferences(
  tx: TenantTx,
  refs: { contactId?: string | null; assigneeId?: string | null },
): Promise<void> {
  if (refs.contactId) await assertContact(tx, refs.contactId);
  if (refs.assigneeId) await assertMember(tx, refs.assigneeId);
}
