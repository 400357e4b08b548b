import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor } from '../common/pagination/cursor.js';
import { afterTimestampCursor, timestampCursorOf, timestampOrder } from '../common/pagination/timestamp-keyset.js';
import type { TenantTx } from '../contacts/contacts.service.js';
import { TenantDb } from '../database/tenant-db.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import type { Prisma, Stage } from '../generated/prisma/client.js';
import type { StageKind } from '../generated/prisma/enums.js';
import { resolvePlacement, type Placement } from '../pipelines/stage-placement.js';
import { dealInclude, toDealOutput, type DealRow } from './deals.mapper.js';
import { dealFilters } from './deals.query.js';
import type {
  CreateDealInput, DealListOutput, DealOutput, DeletedDealOutput, ListDealsQuery, UpdateDealInput,
} from './deals.schemas.js';
import { toDecimal } from './money.js';

@Injectable()
export class DealsService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async list(principal: Principal, query: ListDealsQuery): Promise<DealListOutput> {
    const db = this.db.for(principal);
    const { filters, stages } = await dealFilters(db, query);
    const page = query.cursor ? [...filters, afterTimestampCursor('createdAt', decodeCursor(query.cursor), 'desc')] : filters;
    const [rows, total] = await Promise.all([
      listRows(db, { where: { AND: page }, orderBy: timestampOrder('createdAt', 'desc'), take: query.limit + 1 }, stages),
      query.includeTotal ? db.deal.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toDealOutput),
      nextCursor: hasMore ? timestampCursorOf(items[items.length - 1]!, 'createdAt') : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  async get(principal: Principal, id: string): Promise<DealOutput> {
    const row = await this.db.for(principal).deal.findFirst({ where: { id }, include: dealInclude });
    if (!row) throw DomainError.notFound('Deal', id);
    return toDealOutput(row);
  }

  create(principal: Principal, input: CreateDealInput): Promise<DealOutput> {
    return this.changes.after(principal, 'deal', this.db.for(principal).$transaction((tx) => this.createWith(tx, principal, input)));
  }

  /** Creates a deal inside the caller's transaction (lead conversion uses this). */
  async createWith(tx: TenantTx, principal: Principal, input: CreateDealInput): Promise<DealOutput> {
    if (input.value !== undefined && input.currency === undefined) {
      throw DomainError.validation([{ path: 'currency', message: 'is required when value is given' }]);
    }
    const placement = await resolvePlacement(tx, input);
    if (input.contactId) await assertContact(tx, input.contactId);
    if (input.ownerId && input.ownerId !== principal.userId) await assertMember(tx, input.ownerId);
    const row = await tx.deal.create({
      data: {
        tenantId: principal.tenantId,
        title: input.title.trim(),
        value: toDecimal(input.value ?? '0'),
        currency: input.currency ?? 'USD',
        pipelineId: placement.pipelineId,
        stageId: placement.stage.id,
        contactId: input.contactId ?? null,
        ownerId: input.ownerId ?? principal.userId,
        expectedCloseDate: input.expectedCloseDate ? new Date(input.expectedCloseDate) : null,
        closedAt: isClosed(placement.stage.kind) ? new Date() : null,
        createdById: principal.userId,
      },
      include: dealInclude,
    });
    return toDealOutput(row);
  }

  update(principal: Principal, id: string, input: UpdateDealInput): Promise<DealOutput> {
    return this.changes.after(principal, 'deal', this.db.for(principal).$transaction(async (tx) => {
      const current = await tx.deal.findFirst({ where: { id }, include: dealInclude });
      if (!current) throw DomainError.notFound('Deal', id);
      const placement = await this.placementChange(tx, input, current.pipelineId);
      if (input.contactId) await assertContact(tx, input.contactId);
      if (input.ownerId) await assertMember(tx, input.ownerId);
      let closedAt: Date | null | undefined;
      if (placement && placement.stage.kind !== current.stage.kind) {
        // Only a change of kind touches closedAt: WON -> another WON stage keeps the close time.
        closedAt = isClosed(placement.stage.kind) ? new Date() : null;
      }
      const row = await tx.deal.update({
        where: { id },
        data: {
          title: input.title?.trim(),
          value: input.value === undefined ? undefined : toDecimal(input.value),
          currency: input.currency,
          pipelineId: placement?.pipelineId,
          stageId: placement?.stage.id,
          contactId: input.contactId,
          ownerId: input.ownerId,
          expectedCloseDate: input.expectedCloseDate === undefined
            ? undefined
            : input.expectedCloseDate && new Date(input.expectedCloseDate),
          closedAt,
        },
        include: dealInclude,
      });
      return toDealOutput(row);
    }));
  }

  /** Deletes a deal; a lead converted into it keeps its history but loses the link. */
  delete(principal: Principal, id: string): Promise<DeletedDealOutput> {
    return this.changes.after(principal, 'deal', this.db.for(principal).$transaction(async (tx) => {
      const current = await tx.deal.findFirst({ where: { id }, select: { id: true } });
      if (!current) throw DomainError.notFound('Deal', id);
      await tx.lead.updateMany({ where: { convertedDealId: id }, data: { convertedDealId: null } });
      await tx.deal.delete({ where: { id } });
      return { id, deleted: true as const };
    }));
  }

  private async placementChange(
    tx: TenantTx,
    input: UpdateDealInput,
    currentPipelineId: string,
  ): Promise<Placement | undefined> {
    const stageGiven = input.stageId !== undefined || input.stage !== undefined;
    const pipelineMoves = input.pipelineId !== undefined && input.pipelineId !== currentPipelineId;
    if (!stageGiven && !pipelineMoves) return undefined;
    return resolvePlacement(tx, input, currentPipelineId);
  }
}

/** The page's rows with their stages; stages already looked up by the filter save a query. */
async function listRows(db: TenantTx, args: Prisma.DealFindManyArgs, stages: Stage[] | undefined): Promise<DealRow[]> {
  if (!stages) return db.deal.findMany({ ...args, include: dealInclude });
  const byId = new Map(stages.map((stage) => [stage.id, stage]));
  // Every row matched `stageId in stages`, so each one finds its stage here.
  const rows = await db.deal.findMany(args);
  return rows.map((row) => ({ ...row, stage: byId.get(row.stageId)! }));
}

function isClosed(kind: StageKind): boolean {
  return kind !== 'OPEN';
}

// Pre-checks give a named 404; the composite foreign keys still refuse any race.
async function assertContact(tx: TenantTx, contactId: string): Promise<void> {
  const contact = await tx.contact.findFirst({ where: { id: contactId }, select: { id: true } });
  if (!contact) throw DomainError.notFound('Contact', contactId);
}

async function assertMember(tx: TenantTx, userId: string): Promise<void> {
  const member = await tx.membership.findFirst({ where: { userId }, select: { id: true } });
  if (!member) throw DomainError.notFound('User', userId);
}
