import type { Prisma } from '../generated/prisma/client.js';
import type { StageKind } from '../generated/prisma/enums.js';

export const DEFAULT_PIPELINE_NAME = 'Sales';

export const DEFAULT_STAGES: ReadonlyArray<{ name: string; probability: number; kind: StageKind }> = [
  { name: 'Prospecting', probability: 10, kind: 'OPEN' },
  { name: 'Qualification', probability: 25, kind: 'OPEN' },
  { name: 'Proposal', probability: 50, kind: 'OPEN' },
  { name: 'Negotiation', probability: 75, kind: 'OPEN' },
  { name: 'Closed Won', probability: 100, kind: 'WON' },
  { name: 'Closed Lost', probability: 0, kind: 'LOST' },
];

/** Creates a tenant's default sales pipeline; call inside the sign-up (or seed) transaction. */
export async function createDefaultPipeline(
  tx: Prisma.TransactionClient,
  tenantId: string,
  createdById: string,
): Promise<string> {
  const pipeline = await tx.pipeline.create({
    data: { tenantId, name: DEFAULT_PIPELINE_NAME, isDefault: true, createdById },
  });
  await tx.stage.createMany({
    data: DEFAULT_STAGES.map((stage, position) => ({
      ...stage,
      position,
      tenantId,
      pipelineId: pipeline.id,
      createdById,
    })),
  });
  return pipeline.id;
}
