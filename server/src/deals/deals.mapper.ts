import type { Deal, Stage } from '../generated/prisma/client.js';
import type { DealOutput } from './deals.schemas.js';
import { formatAmount } from './money.js';

export type DealRow = Deal & { stage: Stage };

export const dealInclude = { stage: true } as const;

export function toDealOutput(deal: DealRow): DealOutput {
  return {
    id: deal.id,
    title: deal.title,
    value: formatAmount(deal.value),
    currency: deal.currency,
    status: deal.stage.kind === 'WON' ? 'won' : deal.stage.kind === 'LOST' ? 'lost' : 'open',
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    stage: { id: deal.stage.id, name: deal.stage.name, kind: deal.stage.kind, probability: deal.stage.probability },
    contactId: deal.contactId,
    companyId: deal.companyId,
    ownerId: deal.ownerId,
    expectedCloseDate: deal.expectedCloseDate ? deal.expectedCloseDate.toISOString().slice(0, 10) : null,
    closedAt: deal.closedAt ? deal.closedAt.toISOString() : null,
    version: deal.version,
    createdById: deal.createdById,
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
  };
}
