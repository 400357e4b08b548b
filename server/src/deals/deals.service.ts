import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError, type FieldIssue } from '../common/errors/domain-error.js';
import { cursorScope, decodeCursor } from '../common/pagination/cursor.js';
import { afterTimestampCursor, timestampCursorOf, timestampOrder } from '../common/pagination/timestamp-keyset.js';
import { assertVersion, missedWriteError, NEXT_VERSION, versionGuard } from '../common/concurrency/row-version.js';
import { assertCompany, assertContact, assertMember } from '../database/record-references.js';
import { TenantDb } from '../database/tenant-db.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import type { TenantTx } from '../database/tenant-tx.js';
import type { Prisma, Stage } from '../generated/prisma/client.js';
import type { StageKind } from '../generated/prisma/enums.js';
import { resolvePlacement, type Placement } from '../pipelines/stage-placement.js';
import { dealInclude, toDealOutput, type DealRow } from './deals.mapper.js';
import { dealFilters } from './deals.query.js';
import type {
  CreateDealInput, DealListOutput, DealOutput, DeletedDealOutput, ListDealsQuery, UpdateDealInput,
} from './deals.schemas.js';
import { currencyChangeIssue, toDecimal } from './money.js';

@Injectable()
export class DealsService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async list(principal: Principal, query: ListDealsQuery): Promise<DealListOutput> {
    authorize(principal, 'crm:read');
    const db = this.db.for(principal);
    const { filters, stages } = await dealFilters(db, query);
    const scope = cursorScope(query, 'createdAt', 'desc');
    const page = query.cursor ? [...filters, afterTimestampCursor('createdAt', decodeCursor(query.cursor, scope), 'desc')] : filters;
    const [rows, total] = await Promise.all([
      listRows(db, { where: { AND: page }, orderBy: timestampOrder('createdAt', 'desc'), take: query.limit + 1 }, stages),
      query.includeTotal ? db.deal.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toDealOutput),
      nextCursor: hasMore ? timestampCursorOf(items[items.length - 1]!, 'createdAt', scope) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  async get(principal: Principal, id: string): Promise<DealOutput> {
    authorize(principal, 'crm:read');
    const row = await this.db.for(principal).deal.findFirst({ where: { id }, include: dealInclude });
    if (!row) throw DomainError.notFound('Deal', id);
    return toDealOutput(row);
  }

  create(principal: Principal, input: CreateDealInput): Promise<DealOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'deal', this.db.write(principal, (tx) => this.createWith(tx, principal, input)));
  }

  /** Creates a deal inside the caller's transaction (lead conversion uses this). */
  async createWith(tx: TenantTx, principal: Principal, input: CreateDealInput): Promise<DealOutput> {
    const issues = dealCreateIssues(input);
    if (issues.length > 0) throw DomainError.validation(issues);
    const placement = await resolvePlacement(tx, input);
    if (input.contactId) await assertContact(tx, input.contactId);
    if (input.companyId) await assertCompany(tx, input.companyId);
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
        companyId: input.companyId ?? null,
        ownerId: input.ownerId ?? principal.userId,
        expectedCloseDate: input.expectedCloseDate ? new Date(input.expectedCloseDate) : null,
        closedAt: isClosed(placement.stage.kind) ? new Date() : null,
        createdById: principal.userId,
      },
      include: dealInclude,
    });
    return toDealOutput(row);
  }

  /**
   * Writes only the given fields. closedAt is derived from the stage the deal was read in,
   * so a stage move is guarded on that stage; the caller's version (when given) on the version.
   */
  update(principal: Principal, id: string, input: UpdateDealInput, expectedVersion?: number): Promise<DealOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'deal', this.db.write(principal, (tx) => this.updateWith(tx, id, input, expectedVersion)));
  }

  /** Updates a deal inside the caller's transaction (batches use this). */
  async updateWith(tx: TenantTx, id: string, input: UpdateDealInput, expectedVersion?: number): Promise<DealOutput> {
    const current = await tx.deal.findFirst({ where: { id }, include: dealInclude });
    if (!current) throw DomainError.notFound('Deal', id);
    assertVersion('Deal', id, expectedVersion, current);
    const currencyIssue = currencyChangeIssue(input, current.currency);
    if (currencyIssue) throw DomainError.validation([currencyIssue]);
    if (Object.keys(input).length === 0) return toDealOutput(current);
    const placement = await this.placementChange(tx, input, current.pipelineId);
    if (input.contactId) await assertContact(tx, input.contactId);
    if (input.companyId) await assertCompany(tx, input.companyId);
    if (input.ownerId) await assertMember(tx, input.ownerId);
    let closedAt: Date | null | undefined;
    if (placement && placement.stage.kind !== current.stage.kind) {
      // Only a change of kind touches closedAt: WON -> another WON stage keeps the close time.
      closedAt = isClosed(placement.stage.kind) ? new Date() : null;
    }
    const stageGuard = placement ? { stageId: current.stageId } : {};
    const [written] = await tx.deal.updateManyAndReturn({
      where: { ...versionGuard(id, expectedVersion), ...stageGuard },
      data: {
        title: input.title?.trim(),
        value: input.value === undefined ? undefined : toDecimal(input.value),
        currency: input.currency,
        pipelineId: placement?.pipelineId,
        stageId: placement?.stage.id,
        contactId: input.contactId,
        companyId: input.companyId,
        ownerId: input.ownerId,
        expectedCloseDate: input.expectedCloseDate === undefined
          ? undefined
          : input.expectedCloseDate && new Date(input.expectedCloseDate),
        closedAt,
        ...NEXT_VERSION,
      },
    });
    if (!written) {
      const now = await tx.deal.findFirst({ where: { id }, select: { version: true } });
      throw missedWriteError('Deal', id, expectedVersion, now, () =>
        DomainError.conflict('The deal moved to another stage while updating it. Read it again and retry.'));
    }
    const stage = placement?.stage ?? current.stage;
    return toDealOutput({ ...written, stage });
  }

  /**
   * Moves a deal to the trash (ADR 0040); a lead converted into it (trashed or not) keeps
   * its history but loses the link, in the same change set, so undo re-attaches it.
   */
  delete(principal: Principal, id: string, expectedVersion?: number): Promise<DeletedDealOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'deal', this.db.write(principal, async (tx) => {
      const live = { id, deletedAt: null };
      const current = await tx.deal.findFirst({ where: live, select: { version: true } });
      if (!current) throw DomainError.notFound('Deal', id);
      assertVersion('Deal', id, expectedVersion, current);
      await tx.lead.updateMany({ where: { convertedDealId: id }, data: { convertedDealId: null, ...NEXT_VERSION } });
      // Guarded like an update: a change that committed meanwhile rolls the detaching back too.
      const { count } = await tx.deal.updateMany({
        where: { ...versionGuard(id, expectedVersion), deletedAt: null },
        data: { deletedAt: new Date(), ...NEXT_VERSION },
      });
      if (count === 0) {
        throw missedWriteError('Deal', id, expectedVersion, await tx.deal.findFirst({ where: live, select: { version: true } }));
      }
      return { id, deleted: true as const };
    }, { withTrash: true }));
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

/** What a new deal needs beyond its schema, checked before anything is written (batches check every item first). */
export function dealCreateIssues(input: CreateDealInput): FieldIssue[] {
  return input.value !== undefined && input.currency === undefined
    ? [{ path: 'currency', message: 'is required when value is given' }]
    : [];
}
