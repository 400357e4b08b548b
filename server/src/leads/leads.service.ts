import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError } from '../common/errors/domain-error.js';
import { violatesCheck } from '../common/errors/prisma-errors.js';
import { cursorScope, decodeCursor } from '../common/pagination/cursor.js';
import { afterTimestampCursor, timestampCursorOf, timestampOrder } from '../common/pagination/timestamp-keyset.js';
import { assertVersion, missedWriteError, NEXT_VERSION, versionGuard } from '../common/concurrency/row-version.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { assertMember } from '../database/record-references.js';
import { TenantDb } from '../database/tenant-db.js';
import type { TenantTx } from '../database/tenant-tx.js';
import type { FieldIssue } from '../common/errors/domain-error.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import { convertedRecords } from '../events/touched-records.js';
import { DealsService } from '../deals/deals.service.js';
import { conversionContact } from './conversion-contact.js';
import { dealInputFor } from './lead-conversion.js';
import { canMove, LEAD_TRANSITIONS } from './lead-transitions.js';
import { toLeadOutput } from './leads.mapper.js';
import { leadFilters } from './leads.query.js';
import type {
  ConvertLeadInput, ConvertLeadOutput, CreateLeadInput, DeletedLeadOutput, LeadListOutput, LeadOutput, ListLeadsQuery, UpdateLeadInput,
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
    authorize(principal, 'crm:read');
    const db = this.db.for(principal);
    const filters = leadFilters(query);
    const scope = cursorScope(query, 'createdAt', 'desc');
    const page = query.cursor ? [...filters, afterTimestampCursor('createdAt', decodeCursor(query.cursor, scope), 'desc')] : filters;
    const [rows, total] = await Promise.all([
      db.lead.findMany({ where: { AND: page }, orderBy: timestampOrder('createdAt', 'desc'), take: query.limit + 1 }),
      query.includeTotal ? db.lead.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toLeadOutput),
      nextCursor: hasMore ? timestampCursorOf(items[items.length - 1]!, 'createdAt', scope) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  async get(principal: Principal, id: string): Promise<LeadOutput> {
    authorize(principal, 'crm:read');
    const row = await this.db.for(principal).lead.findFirst({ where: { id } });
    if (!row) throw DomainError.notFound('Lead', id);
    return toLeadOutput(row);
  }

  create(principal: Principal, input: CreateLeadInput): Promise<LeadOutput> {
    authorize(principal, 'crm:write');
    const issues = leadCreateIssues(input);
    if (issues.length > 0) throw DomainError.validation(issues);
    return this.changes.after(principal, 'lead', this.db.write(principal, (tx) => this.createWith(tx, principal, input)));
  }

  /** Creates a lead inside the caller's transaction (batches use this); `leadCreateIssues` is checked first. */
  async createWith(tx: TenantTx, principal: Principal, input: CreateLeadInput): Promise<LeadOutput> {
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
  }

  /**
   * Writes only the given fields. A status change is guarded on the status it was checked
   * from, and the caller's version (when given) on the version, both in the UPDATE's WHERE.
   */
  update(principal: Principal, id: string, input: UpdateLeadInput, expectedVersion?: number): Promise<LeadOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'lead', this.db.write(principal, (tx) => this.updateWith(tx, id, input, expectedVersion)));
  }

  /** Updates a lead inside the caller's transaction (batches use this). */
  async updateWith(tx: TenantTx, id: string, input: UpdateLeadInput, expectedVersion?: number): Promise<LeadOutput> {
    const current = await tx.lead.findFirst({ where: { id } });
    if (!current) throw DomainError.notFound('Lead', id);
    assertVersion('Lead', id, expectedVersion, current);
    if (Object.keys(input).length === 0) return toLeadOutput(current);
    if (input.status !== undefined && !canMove(current.status, input.status)) {
      throw DomainError.invalidTransition('Lead', current.status, input.status, LEAD_TRANSITIONS[current.status]);
    }
    if (input.ownerId) await assertMember(tx, input.ownerId);
    const name = input.name === undefined ? undefined : input.name?.trim() ?? null;
    const email = input.email === undefined ? undefined : input.email?.toLowerCase() ?? null;
    // A friendly check on the lead as read; the Lead_identity_check constraint is the arbiter under races.
    const kept = [afterWrite(name, current.name), afterWrite(input.company, current.company), afterWrite(email, current.email)];
    if (!kept.some(Boolean)) throw identityRequired();
    const statusGuard = input.status === undefined ? {} : { status: current.status };
    const [row] = await withIdentityCheck(() => tx.lead.updateManyAndReturn({
      where: { ...versionGuard(id, expectedVersion), ...statusGuard },
      data: {
        name, company: input.company, email,
        phone: input.phone,
        source: input.source,
        notes: input.notes,
        ownerId: input.ownerId,
        status: input.status,
        ...NEXT_VERSION,
      },
    }));
    if (!row) {
      const now = await tx.lead.findFirst({ where: { id }, select: { version: true } });
      throw missedWriteError('Lead', id, expectedVersion, now, () =>
        DomainError.conflict('The lead\'s status changed while updating it. Read it again and retry.'));
    }
    return toLeadOutput(row);
  }

  /**
   * Finds or creates the contact (and optionally creates a deal) and marks the lead
   * CONVERTED, all in one transaction: a bad deal stage leaves nothing written.
   */
  /** Moves a lead to the trash (ADR 0040); undo restores it. Nothing points at a lead, so nothing is detached. */
  delete(principal: Principal, id: string, expectedVersion?: number): Promise<DeletedLeadOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'lead', this.db.write(principal, async (tx) => {
      const { count } = await tx.lead.updateMany({
        where: versionGuard(id, expectedVersion),
        data: { deletedAt: new Date(), ...NEXT_VERSION },
      });
      if (count === 0) {
        throw missedWriteError('Lead', id, expectedVersion, await tx.lead.findFirst({ where: { id }, select: { version: true } }));
      }
      return { id, deleted: true as const };
    }));
  }

  async convert(principal: Principal, id: string, input: ConvertLeadInput): Promise<ConvertLeadOutput> {
    authorize(principal, 'crm:write');
    if (input.createDeal === false && input.deal !== undefined) {
      throw DomainError.validation([{ path: 'deal', message: 'is given but createDeal is false' }]);
    }
    if (input.contactId !== undefined && input.contact !== undefined) {
      throw DomainError.validation([{
        path: 'contact',
        message: 'describes a new contact, but contactId links an existing one; give one of them',
      }]);
    }
    try {
      return await this.convertOnce(principal, id, input);
    } catch (error) {
      // A concurrent conversion created the contact with this email first: the retry links to it.
      if (error instanceof DomainError && error.code === 'conflict' && error.details.field === 'email') {
        return this.convertOnce(principal, id, input);
      }
      throw error;
    }
  }

  private convertOnce(principal: Principal, id: string, input: ConvertLeadInput): Promise<ConvertLeadOutput> {
    const createDeal = input.createDeal ?? input.deal !== undefined;
    return this.changes.after(principal, convertedRecords, this.db.write(principal, async (tx) => {
      const lead = await tx.lead.findFirst({ where: { id } });
      if (!lead) throw DomainError.notFound('Lead', id);
      if (lead.status === 'CONVERTED') throw alreadyConverted();
      const { contact, contactResolution } = await conversionContact(tx, principal, this.contacts, lead, input);
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
          ...NEXT_VERSION,
        },
      });
      const row = converted[0];
      if (!row) throw alreadyConverted();
      return { lead: toLeadOutput(row), contact, contactResolution, deal };
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

/** A field's value after a partial write: the given one, or else the one read. */
function afterWrite<T>(given: T | undefined, read: T): T {
  return given === undefined ? read : given;
}

function identityRequired(): DomainError {
  return DomainError.validation([{ path: 'name', message: 'a lead keeps at least one of name, company or email' }]);
}

// Two writers clearing different fields can each pass the check above; the database's
// check constraint refuses the second, reported as the same field error.
async function withIdentityCheck<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (violatesCheck(error, 'Lead_identity_check')) throw identityRequired();
    throw error;
  }
}

/** What a new lead needs beyond its schema, checked before anything is written (batches check every item first). */
export function leadCreateIssues(input: CreateLeadInput): FieldIssue[] {
  return !input.name && !input.company && !input.email
    ? [{ path: 'name', message: 'give at least one of name, company or email' }]
    : [];
}
