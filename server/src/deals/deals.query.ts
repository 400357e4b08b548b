import { z } from 'zod';
import { DomainError } from '../common/errors/domain-error.js';
import { escapeLike } from '../common/text/escape-like.js';
import type { TenantTx } from '../database/tenant-tx.js';
import type { Prisma, Stage } from '../generated/prisma/client.js';
import type { StageKind } from '../generated/prisma/enums.js';
import type { ListDealsQuery } from './deals.schemas.js';
import { toDecimal } from './money.js';

const KIND_OF_STATUS: Record<NonNullable<ListDealsQuery['status']>, StageKind> = {
  open: 'OPEN', won: 'WON', lost: 'LOST',
};
const uuid = z.uuid();

export interface DealFilters {
  /** Filters only (no cursor): also the WHERE of the optional total. */
  filters: Prisma.DealWhereInput[];
  /** Every stage a matching deal can be in, when the stage filter had to look them up. */
  stages?: Stage[];
}

export async function dealFilters(tx: TenantTx, query: ListDealsQuery): Promise<DealFilters> {
  // Amounts in different currencies are not comparable: a range is only meaningful within one.
  if ((query.minValue !== undefined || query.maxValue !== undefined) && query.currency === undefined) {
    throw DomainError.validation([{
      path: 'currency',
      message: 'is required with minValue or maxValue, because amounts are compared within one currency; add e.g. currency=USD',
    }]);
  }
  const filters: Prisma.DealWhereInput[] = [];
  if (query.pipelineId) filters.push({ pipelineId: query.pipelineId });
  const { stageIds, stages } = await stagesFor(tx, query);
  // Stage and status become a stage-id list so the (tenantId, stageId, createdAt, id) index serves them.
  if (stageIds) filters.push({ stageId: stageIds.length === 1 ? stageIds[0] : { in: stageIds } });
  if (query.ownerId) filters.push({ ownerId: query.ownerId });
  if (query.contactId) filters.push({ contactId: query.contactId });
  if (query.companyId) filters.push({ companyId: query.companyId });
  if (query.currency) filters.push({ currency: query.currency });
  if (query.minValue !== undefined) filters.push({ value: { gte: toDecimal(query.minValue) } });
  if (query.maxValue !== undefined) filters.push({ value: { lte: toDecimal(query.maxValue) } });
  // ILIKE '%q%' is served by the trigram index on title.
  if (query.q) filters.push({ title: { contains: escapeLike(query.q), mode: 'insensitive' } });
  return { filters, stages };
}

async function stagesFor(tx: TenantTx, query: ListDealsQuery): Promise<{ stageIds?: string[]; stages?: Stage[] }> {
  if (query.stage === undefined && query.status === undefined) return {};
  const stage = query.stage?.trim();
  const byId = stage !== undefined && uuid.safeParse(stage).success;
  // A bare stage id needs no lookup: the tenant-scoped deal query already confines it.
  if (byId && query.status === undefined && query.pipelineId === undefined) return { stageIds: [stage] };
  const scope: Prisma.StageWhereInput = query.pipelineId ? { pipelineId: query.pipelineId } : {};
  const byName: Prisma.StageWhereInput = stage !== undefined && !byId
    ? { name: { equals: escapeLike(stage), mode: 'insensitive' } }
    : {};
  const stages = await tx.stage.findMany({
    where: {
      ...scope,
      ...byName,
      ...(byId ? { id: stage } : {}),
      ...(query.status ? { kind: KIND_OF_STATUS[query.status] } : {}),
    },
  });
  if (stage !== undefined && !byId && stages.length === 0) {
    const named = await tx.stage.count({ where: { ...scope, ...byName } });
    if (named === 0) {
      const valid = await tx.stage.findMany({ where: scope, select: { name: true }, distinct: ['name'], orderBy: { name: 'asc' } });
      throw DomainError.validation([{
        path: 'stage',
        message: `no stage named "${stage}"; valid stages: ${valid.map((s) => s.name).join(', ')}`,
      }]);
    }
  }
  // Whole rows: the list reuses them instead of a second stage query for its items.
  return { stageIds: stages.map((s) => s.id), stages };
}
