import { DomainError } from '../common/errors/domain-error.js';
import type { Stage } from '../generated/prisma/client.js';
import type { TenantTx } from '../database/tenant-tx.js';

/** Where a deal should sit: any of these may be given; none means "default pipeline, first stage". */
export interface PlacementRequest {
  pipelineId?: string;
  stageId?: string;
  /** Stage name, matched case-insensitively within the pipeline. */
  stage?: string;
}

export interface Placement {
  pipelineId: string;
  stage: Stage;
}

export async function defaultPipelineId(tx: TenantTx): Promise<string> {
  const pipeline = await tx.pipeline.findFirst({ where: { isDefault: true }, select: { id: true } });
  if (!pipeline) throw DomainError.notFound('Default pipeline');
  return pipeline.id;
}

/**
 * Resolves a pipeline/stage request inside the caller's tenant. A stage id alone also
 * picks its pipeline; a stage name is looked up in the pipeline (given, current or
 * default) so a natural-language client can say "Negotiation".
 */
export async function resolvePlacement(
  tx: TenantTx,
  request: PlacementRequest,
  currentPipelineId?: string,
): Promise<Placement> {
  if (request.stageId !== undefined && request.stage !== undefined) {
    throw DomainError.validation([{ path: 'stage', message: 'give either stageId or stage (a name), not both' }]);
  }
  if (request.pipelineId !== undefined) {
    const found = await tx.pipeline.findFirst({ where: { id: request.pipelineId }, select: { id: true } });
    if (!found) throw DomainError.notFound('Pipeline', request.pipelineId);
  }
  if (request.stageId !== undefined) {
    const stage = await tx.stage.findFirst({ where: { id: request.stageId } });
    if (!stage || (request.pipelineId !== undefined && stage.pipelineId !== request.pipelineId)) {
      throw DomainError.notFound('Stage', request.stageId);
    }
    return { pipelineId: stage.pipelineId, stage };
  }
  const pipelineId = request.pipelineId ?? currentPipelineId ?? (await defaultPipelineId(tx));
  const stages = await tx.stage.findMany({ where: { pipelineId }, orderBy: { position: 'asc' } });
  if (request.stage !== undefined) {
    const wanted = request.stage.trim().toLowerCase();
    const stage = stages.find((candidate) => candidate.name.toLowerCase() === wanted);
    if (!stage) {
      const valid = stages.map((candidate) => candidate.name).join(', ');
      throw DomainError.validation([
        { path: 'stage', message: `no stage named "${request.stage}" in this pipeline; valid stages: ${valid}` },
      ]);
    }
    return { pipelineId, stage };
  }
  const first = stages[0];
  if (!first) throw DomainError.notFound('Stage');
  return { pipelineId, stage: first };
}
