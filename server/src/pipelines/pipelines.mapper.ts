import type { Pipeline, Stage } from '../generated/prisma/client.js';
import type { PipelineOutput, StageOutput } from './pipelines.schemas.js';

export function toStageOutput(stage: Stage): StageOutput {
  return {
    id: stage.id,
    pipelineId: stage.pipelineId,
    name: stage.name,
    position: stage.position,
    probability: stage.probability,
    kind: stage.kind,
    version: stage.version,
    createdAt: stage.createdAt.toISOString(),
    updatedAt: stage.updatedAt.toISOString(),
  };
}

export function toPipelineOutput(pipeline: Pipeline & { stages: Stage[] }): PipelineOutput {
  return {
    id: pipeline.id,
    name: pipeline.name,
    isDefault: pipeline.isDefault,
    version: pipeline.version,
    stages: [...pipeline.stages].sort((a, b) => a.position - b.position).map(toStageOutput),
    createdAt: pipeline.createdAt.toISOString(),
    updatedAt: pipeline.updatedAt.toISOString(),
  };
}
