import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError } from '../common/errors/domain-error.js';
import { cursorScope, decodeCursor } from '../common/pagination/cursor.js';
import { assertVersion, missedWriteError, NEXT_VERSION, versionGuard } from '../common/concurrency/row-version.js';
import { Prisma } from '../generated/prisma/client.js';
import { assertCompany, assertMember } from '../database/record-references.js';
import { TenantDb } from '../database/tenant-db.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import type { TenantTx } from '../database/tenant-tx.js';
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

@Injectable()
export class ContactsService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async list(principal: Principal, query: ListContactsQuery): Promise<ContactListOutput> {
    authorize(principal, 'crm:read');
    const db = this.db.for(principal);
    const { sort, direction } = sortOf(query);
    const filters = contactFilters(query);
    const scope = cursorScope(query, sort, direction);
    const page = query.cursor
      ? [...filters, contactAfterCursor(decodeCursor(query.cursor, scope), sort, direction)]
      : filters;
    const [rows, total] = await Promise.all([
      db.contact.findMany({ where: { AND: page }, orderBy: contactOrderBy(sort, direction), take: query.limit + 1 }),
      query.includeTotal ? db.contact.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toContactOutput),
      nextCursor: hasMore ? cursorAfter(items[items.length - 1]!, sort, scope) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  async get(principal: Principal, id: string): Promise<ContactOutput> {
    authorize(principal, 'crm:read');
    const row = await this.db.for(principal).contact.findFirst({ where: { id } });
    if (!row) throw DomainError.notFound('Contact', id);
    return toContactOutput(row);
  }

  create(principal: Principal, input: CreateContactInput): Promise<ContactOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'contact', this.db.write(principal, (tx) => this.createWith(tx, principal, input)));
  }

  /** Creates a contact inside the caller's transaction (lead conversion uses this). */
  async createWith(tx: TenantTx, principal: Principal, input: CreateContactInput): Promise<ContactOutput> {
    if (input.ownerId) await assertMember(tx, input.ownerId);
    if (input.companyId) await assertCompany(tx, input.companyId);
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
          companyId: input.companyId ?? null,
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

  update(principal: Principal, id: string, input: UpdateContactInput, expectedVersion?: number): Promise<ContactOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'contact', this.db.write(principal, (tx) => this.updateWith(tx, id, input, expectedVersion)));
  }

  /**
   * Writes only the given fields, adding 1 to the version in the same UPDATE (guarded on
   * the caller's version when given). searchText is derived afterwards from the row that
   * UPDATE returned: the UPDATE holds the row lock until commit, so no other writer's
   * change can fall between the values it was derived from and the commit.
   */
  async updateWith(tx: TenantTx, id: string, input: UpdateContactInput, expectedVersion?: number): Promise<ContactOutput> {
    if (Object.keys(input).length === 0) return toContactOutput(await this.currentRow(tx, id, expectedVersion));
    if (input.ownerId) await assertMember(tx, input.ownerId);
    if (input.companyId) await assertCompany(tx, input.companyId);
    const [written] = await withEmailConflict(input.email, () =>
      tx.contact.updateManyAndReturn({
        where: versionGuard(id, expectedVersion),
        data: {
          firstName: input.firstName?.trim(),
          lastName: input.lastName?.trim(),
          email: input.email === undefined ? undefined : input.email?.toLowerCase() ?? null,
          phone: input.phone,
          company: input.company,
          companyId: input.companyId,
          jobTitle: input.jobTitle,
          notes: input.notes,
          ownerId: input.ownerId,
          ...NEXT_VERSION,
        },
      }),
    );
    if (!written) throw missedWriteError('Contact', id, expectedVersion, await versionOf(tx, id));
    if (!SEARCHED_FIELDS.some((field) => input[field] !== undefined)) return toContactOutput(written);
    const row = await tx.contact.update({ where: { id }, data: { searchText: contactSearchText(written) } });
    return toContactOutput(row);
  }

  private async currentRow(tx: TenantTx, id: string, expectedVersion: number | undefined) {
    const current = await tx.contact.findFirst({ where: { id } });
    if (!current) throw DomainError.notFound('Contact', id);
    assertVersion('Contact', id, expectedVersion, current);
    return current;
  }

  /**
   * Moves a contact to the trash (ADR 0040) and detaches what pointed at it (deals,
   * tickets, and leads that were converted into it, trashed ones included) in the same
   * transaction, so undoing that one change set re-attaches them. Converted leads keep
   * their CONVERTED status and convertedAt as history.
   */
  delete(principal: Principal, id: string, expectedVersion?: number): Promise<DeletedContactOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'contact', this.db.write(principal, async (tx) => {
      const live = { id, deletedAt: null };
      const current = await tx.contact.findFirst({ where: live, select: { version: true } });
      if (!current) throw DomainError.notFound('Contact', id);
      assertVersion('Contact', id, expectedVersion, current);
      await tx.deal.updateMany({ where: { contactId: id }, data: { contactId: null, ...NEXT_VERSION } });
      await tx.ticket.updateMany({ where: { contactId: id }, data: { contactId: null, ...NEXT_VERSION } });
      await tx.lead.updateMany({ where: { convertedContactId: id }, data: { convertedContactId: null, ...NEXT_VERSION } });
      // Guarded like an update: a change that committed meanwhile rolls the detaching back too.
      const { count } = await tx.contact.updateMany({
        where: { ...versionGuard(id, expectedVersion), deletedAt: null },
        data: { deletedAt: new Date(), ...NEXT_VERSION },
      });
      if (count === 0) {
        throw missedWriteError('Contact', id, expectedVersion, await tx.contact.findFirst({ where: live, select: { version: true } }));
      }
      return { id, deleted: true as const };
    }, { withTrash: true }));
  }
}

// The fields searchText is made of: an update touching one of them re-derives it.
const SEARCHED_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'company'] as const;

function versionOf(tx: TenantTx, id: string): Promise<{ version: number } | null> {
  return tx.contact.findFirst({ where: { id }, select: { version: true } });
}

// The per-tenant email index is the arbiter (races included); name the field for the client.
async function withEmailConflict<T>(email: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw DomainError.conflict(`Another contact already uses the email ${email?.toLowerCase()}.`, 'email');
    }
    throw error;
  }
}
