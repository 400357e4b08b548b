import { z } from 'zod';
import { recordVersionField } from '../common/schemas/record-fields.js';
import type { StageKind } from '../generated/prisma/enums.js';

export const STAGE_KINDS = ['OPEN', 'WON', 'LOST'] as const satisfies readonly StageKind[];

const stageName = z.string().min(1).max(100).regex(/\S/, 'must not be blank')
  .describe('Stage name, unique (case-insensitive) within its pipeline, e.g. "Negotiation".');
const probability = z.number().int().min(0).max(100).describe('Win probability in percent, 0 to 100.');
const kind = z.enum(STAGE_KINDS)
  .describe('OPEN for a stage in progress; WON or LOST close the deals placed in it.');

export const StageInput = z.strictObject({
  name: stageName,
  probability,
  kind: kind.default('OPEN'),
});

export const CreatePipelineInput = z.strictObject({
  name: z.string().min(1).max(100).regex(/\S/, 'must not be blank')
    .describe('Pipeline name, unique (case-insensitive) in the workspace.'),
  stages: z.array(StageInput).min(1).max(50)
    .describe('Stages in order; the first one is where new deals start, so it must be OPEN.'),
});

export const ReorderStagesInput = z.strictObject({
  stageIds: z.array(z.uuid()).min(1).max(50)
    .describe('Every stage id of the pipeline exactly once, in the new order. The first must be an OPEN stage.'),
});

export const AddStageInput = z.strictObject({
  name: stageName,
  probability,
  kind: kind.default('OPEN'),
  position: z.number().int().min(0).optional()
    .describe('Zero-based position to insert at; omitted or past the end appends the stage. Only an OPEN stage can go first.'),
});

export const UpdateStageInput = z.strictObject({
  name: stageName.optional(),
  probability: probability.optional(),
  kind: kind.optional()
    .describe('Changing the kind also sets or clears closedAt on the deals in this stage. The first stage stays OPEN.'),
});

const timestamp = z.iso.datetime().describe('ISO 8601 UTC timestamp.');

export const StageOutput = z.object({
  id: z.uuid(),
  pipelineId: z.uuid(),
  name: z.string(),
  position: z.number().int().describe('Zero-based order within the pipeline.'),
  probability: z.number().int(),
  kind: z.enum(STAGE_KINDS),
  ...recordVersionField,
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const PipelineOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  isDefault: z.boolean().describe('True for the pipeline new deals and converted leads go to.'),
  version: recordVersionField.version
    .describe('Pipeline version, +1 whenever the pipeline or any of its stages changes (added, renamed, re-ordered). Send it as If-Match to re-order or add stages only if nobody changed the pipeline meanwhile.'),
  stages: z.array(StageOutput).describe('Stages ordered by position.'),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const PipelineListOutput = z.object({ items: z.array(PipelineOutput) });

export type StageInput = z.infer<typeof StageInput>;
export type CreatePipelineInput = z.infer<typeof CreatePipelineInput>;
export type ReorderStagesInput = z.infer<typeof ReorderStagesInput>;
export type AddStageInput = z.infer<typeof AddStageInput>;
export type UpdateStageInput = z.infer<typeof UpdateStageInput>;
export type StageOutput = z.infer<typeof StageOutput>;
export type PipelineOutput = z.infer<typeof PipelineOutput>;
export type PipelineListOutput = z.infer<typeof PipelineListOutput>;
