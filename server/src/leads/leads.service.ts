import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor } from '../common/pagination/cursor.js';
import { afterTimestampCursor, timestampCursorOf, timestampOrder } from '../common/pagination/timestamp-keyset.js';
import { ContactsService, type TenantTx } from '../contacts/contacts.service.js';
import { TenantDb } from '../database/tenant-db.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import { convertedRecords } from '../events/touched-records.js';
import { DealsService } from '../deals/deals.service.js';
import { contactInputFor, dealInputFor } from './lead-conversion.js';
import { canMove, LEAD_TRANSITIONS } from './lead-transitions.js';
import { toLeadOutput } from './leads.mapper.js';
import { leadFilters } from './leads.query.js';
import type {
  ConvertLeadInput, ConvertLeadOutput, CreateLeadInput, LeadListOutput, LeadOutput, ListLeadsQuery, UpdateLeadInput,
} from './leads.schemas.js';

@Injectable()
export class LeadsService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(ContactsService) private readonly contacts: ContactsService,
    @Inject(DealsService) private readonly deals: DealsService,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async list(principal: Principal, query: ListLeadsQuery): Promise<LeadListOutput> {
    const db = this.db.for(principal);
    const filters = leadFilters(query);
    const page = query.cursor ? [...filters, afterTimestampCursor('createdAt', decodeCursor(query.cursor), 'desc')] : filters;
    const [rows, total] = await Promise.all([
      db.lead.findMany({ where: { AND: page }, orderBy: timestampOrder('createdAt', 'desc'), take: query.limit + 1 }),
      query.includeTotal ? db.lead.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toLeadOutput),
      nextCursor: hasMore ? timestampCursorOf(items[items.length - 1]!, 'createdAt') : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  async get(principal: Principal, id: string): Promise<LeadOutput> {
    const row = await this.db.for(principal).lead.findFirst({ where: { id } });
    if (!row) throw DomainError.notFound('Lead', id);
    return toLeadOutput(row);
  }

  create(principal: Principal, input: CreateLeadInput): Promise<LeadOutput> {
    if (!input.name && !input.company && !input.email) {
      throw DomainError.validation([{ path: 'name', message: 'give at least one of name, company or email' }]);
    }
    return this.changes.after(principal, 'lead', this.db.for(principal).$transaction(async (tx) => {
      if (input.ownerId) await assertMember(tx, input.ownerId);
      const row = await tx.lead.create({
        data: {
          tenantId: principal.tenantId,
          name: input.name?.trim() ?? null,
          company: input.company ?? null,
          email: input.email?.toLowerCase() ?? null,
          phone: input.phone ?? null,
          source: input.source ?? null,
          notes: input.notes ?? null,
          ownerId: input.ownerId ?? null,
          status: input.status,
          createdById: principal.userId,
        },
      });
      return toLeadOutput(row);
    }));
  }

  update(principal: Principal, id: string, input: UpdateLeadInput): Promise<LeadOutput> {
    return this.changes.after(principal, 'lead', this.db.for(principal).$transaction(async (tx) => {
      const current = await tx.lead.findFirst({ where: { id } });
      if (!current) throw DomainError.notFound('Lead', id);
      if (input.status !== undefined && !canMove(current.status, input.status)) {
        throw DomainError.invalidTransition('Lead', current.status, input.status, LEAD_TRANSITIONS[current.status]);
      }
      if (input.ownerId) await assertMember(tx, input.ownerId);
      const name = input.name === undefined ? current.name : input.name?.trim() ?? null;
      const company = input.company === undefined ? current.company : input.company;
      const email = input.email === undefined ? current.email : input.email?.toLowerCase() ?? null;
      if (!name && !company && !email) {
        throw DomainError.validation([{ path: 'name', message: 'a lead keeps at least one of name, company or email' }]);
      }
      // The status guard in the WHERE refuses a change that raced with a conversion.
      const updated = await tx.lead.updateManyAndReturn({
        where: { id, status: current.status },
        data: {
          name, company, email,
          phone: input.phone,
          source: input.source,
          notes: input.notes,
          ownerId: input.ownerId,
          status: input.status,
        },
      });
      const row = updated[0];
      if (!row) throw DomainError.conflict('The lead changed while updating it; read it again and retry.');
      return toLeadOutput(row);
    }));
  }

  /**
   * Creates the contact (and optionally a deal) and marks the lead CONVERTED, all in one
   * transaction: a duplicate contact email or a bad deal stage leaves nothing written.
   */
  convert(principal: Principal, id: string, input: ConvertLeadInput): Promise<ConvertLeadOutput> {
    if (input.createDeal === false && input.deal !== undefined) {
      throw DomainError.validation([{ path: 'deal', message: 'is given but createDeal is false' }]);
    }
    const createDeal = input.createDeal ?? input.deal !== undefined;
    return this.changes.after(principal, convertedRecords, this.db.for(principal).$transaction(async (tx) => {
      const lead = await tx.lead.findFirst({ where: { id } });
      if (!lead) throw DomainError.notFound('Lead', id);
      if (lead.status === 'CONVERTED') throw alreadyConverted();
      const contact = await this.contacts.createWith(tx, principal, contactInputFor(lead, input.contact));
      const deal = createDeal
        ? await underPath('deal', () => this.deals.createWith(tx, principal, dealInputFor(lead, contact, input.deal)))
        : null;
      // Guarded on status so two concurrent conversions cannot both succeed.
      const converted = await tx.lead.updateManyAndReturn({
        where: { id, status: { not: 'CONVERTED' } },
        data: {
          status: 'CONVERTED',
          convertedContactId: contact.id,
          convertedDealId: deal?.id ?? null,
          convertedAt: new Date(),
        },
      });
      const row = converted[0];
      if (!row) throw alreadyConverted();
      return { lead: toLeadOutput(row), contact, deal };
    }));
  }
}

// Field errors from the nested deal input name their place in the convert body.
async function underPath<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'validation_failed' && error.details.errors) {
      throw DomainError.validation(error.details.errors.map((issue) => ({ ...issue, path: `${prefix}.${issue.path}` })));
    }
    throw error;
  }
}

function alreadyConverted(): DomainError {
  return DomainError.invalidTransition('Lead', 'CONVERTED', 'CONVERTED', LEAD_TRANSITIONS.CONVERTED);
}

async function assertMember(tx: TenantTx, userId: string): Promise<void> {
  const member = await tx.membership.findFirst({ where: { userId }, select: { id: true } });
  if (!member) throw DomainError.notFound('User', userId);
}
