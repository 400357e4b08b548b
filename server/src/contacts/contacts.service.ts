import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor } from '../common/pagination/cursor.js';
import { Prisma } from '../generated/prisma/client.js';
import type { TenantClient } from '../database/tenant-scope.extension.js';
import { TenantDb } from '../database/tenant-db.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import { assertMember } from './contact-references.js';
import { toContactOutput } from './contacts.mapper.js';
import { contactAfterCursor, contactFilters, contactOrderBy, cursorAfter, sortOf } from './contacts.query.js';
import type {
  ContactListOutput,
  ContactOutput,
  CreateContactInput,
  DeletedContactOutput,
  ListContactsQuery,
  UpdateContactInput,
} from './contacts.schemas.js';
import { contactSearchText } from './contacts.search-text.js';

/** A tenant-scoped client or a transaction opened on one: what the `...With` methods run on. */
export type TenantTx = Parameters<Parameters<TenantClient['$transaction']>[0]>[0];

@Injectable()
export class ContactsService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async list(principal: Principal, query: ListContactsQuery): Promise<ContactListOutput> {
    const db = this.db.for(principal);
    const { sort, direction } = sortOf(query);
    const filters = contactFilters(query);
    const page = query.cursor
      ? [...filters, contactAfterCursor(decodeCursor(query.cursor), sort, direction)]
      : filters;
    const [rows, total] = await Promise.all([
      db.contact.findMany({ where: { AND: page }, orderBy: contactOrderBy(sort, direction), take: query.limit + 1 }),
      query.includeTotal ? db.contact.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toContactOutput),
      nextCursor: hasMore ? cursorAfter(items[items.length - 1]!, sort) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  async get(principal: Principal, id: string): Promise<ContactOutput> {
    const row = await this.db.for(principal).contact.findFirst({ where: { id } });
    if (!row) throw DomainError.notFound('Contact', id);
    return toContactOutput(row);
  }

  create(principal: Principal, input: CreateContactInput): Promise<ContactOutput> {
    return this.changes.after(principal, 'contact', this.db.for(principal).$transaction((tx) => this.createWith(tx, principal, input)));
  }

  /** Creates a contact inside the caller's transaction (lead conversion uses this). */
  async createWith(tx: TenantTx, principal: Principal, input: CreateContactInput): Promise<ContactOutput> {
    if (input.ownerId) await assertMember(tx, input.ownerId);
    const fields = {
      firstName: input.firstName.trim(),
      lastName: input.lastName?.trim() ?? '',
      email: input.email?.toLowerCase() ?? null,
      phone: input.phone ?? null,
      company: input.company ?? null,
    };
    const row = await withEmailConflict(fields.email, () =>
      tx.contact.create({
        data: {
          ...fields,
          jobTitle: input.jobTitle ?? null,
          notes: input.notes ?? null,
          ownerId: input.ownerId ?? null,
          searchText: contactSearchText(fields),
          tenantId: principal.tenantId,
          createdById: principal.userId,
        },
      }),
    );
    return toContactOutput(row);
  }

  update(principal: Principal, id: string, input: UpdateContactInput): Promise<ContactOutput> {
    return this.changes.after(principal, 'contact', this.db.for(principal).$transaction((tx) => this.updateWith(tx, principal, id, input)));
  }

  async updateWith(tx: TenantTx, _principal: Principal, id: string, input: UpdateContactInput): Promise<ContactOutput> {
    const current = await tx.contact.findFirst({ where: { id } });
    if (!current) throw DomainError.notFound('Contact', id);
    if (Object.keys(input).length === 0) return toContactOutput(current);
    if (input.ownerId) await assertMember(tx, input.ownerId);
    const fields = {
      firstName: input.firstName?.trim() ?? current.firstName,
      lastName: input.lastName === undefined ? current.lastName : input.lastName.trim(),
      email: input.email === undefined ? current.email : input.email?.toLowerCase() ?? null,
      phone: input.phone === undefined ? current.phone : input.phone,
      company: input.company === undefined ? current.company : input.company,
    };
    const row = await withEmailConflict(fields.email, () =>
      tx.contact.update({
        where: { id },
        data: {
          ...fields,
          jobTitle: input.jobTitle,
          notes: input.notes,
          ownerId: input.ownerId,
          searchText: contactSearchText(fields),
        },
      }),
    );
    return toContactOutput(row);
  }

  /**
   * Deletes a contact and detaches what pointed at it (deals, tickets, and leads that
   * were converted into it) in one transaction. Converted leads keep their CONVERTED
   * status and convertedAt as history: erasing a person must not be blocked by a
   * past conversion, and a deal or ticket without a contact is still meaningful.
   */
  delete(principal: Principal, id: string): Promise<DeletedContactOutput> {
    return this.changes.after(principal, 'contact', this.db.for(principal).$transaction(async (tx) => {
      const current = await tx.contact.findFirst({ where: { id }, select: { id: true } });
      if (!current) throw DomainError.notFound('Contact', id);
      await tx.deal.updateMany({ where: { contactId: id }, data: { contactId: null } });
      await tx.ticket.updateMany({ where: { contactId: id }, data: { contactId: null } });
      await tx.lead.updateMany({ where: { convertedContactId: id }, data: { convertedContactId: null } });
      await tx.contact.delete({ where: { id } });
      return { id, deleted: true as const };
    }));
  }
}

// The per-tenant email index is the arbiter (races included); name the field for the client.
async function withEmailConflict<T>(email: string | null, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw DomainError.conflict(`Another contact already uses the email ${email}.`, 'email');
    }
    throw error;
  }
}
