import { z } from 'zod';
import { expectedVersionField } from '../../common/schemas/record-fields.js';
import {
  AddStageInput, CreatePipelineInput, PipelineListOutput, PipelineOutput, ReorderStagesInput, StageOutput, UpdateStageInput,
} from '../../pipelines/pipelines.schemas.js';
import type { PipelinesService } from '../../pipelines/pipelines.service.js';
import { CREATES, crmTool, READ_ONLY, UPDATES, type ToolDefinition } from '../tool-definition.js';

const pipelineId = z.uuid().describe('Pipeline id, from pipeline_list.');
// The pipeline's version (REST: If-Match on the pipeline routes); every stage change bumps it.
const pipelineVersion = {
  expectedVersion: expectedVersionField.expectedVersion.describe('The pipeline version you last read; refused if it changed since.'),
};

// The same schemas and service methods as the REST pipeline routes; the service admits admins only (pipelines:manage).
export function pipelineTools(pipelines: PipelinesService): ToolDefinition[] {
  return [
    crmTool({
      toolset: 'pipelines',
      name: 'pipeline_list',
      title: 'List pipelines',
      description:
        'List the sales pipelines and their stages in order (ids, names, probabilities).',
      input: z.strictObject({}),
      output: PipelineListOutput,
      annotations: READ_ONLY,
      handler: (principal) => pipelines.list(principal),
    }),
    crmTool({
      toolset: 'pipelines',
      name: 'pipeline_create',
      title: 'Create pipeline',
      description: 'Create a sales pipeline with its stages in order (admins only).',
      input: CreatePipelineInput,
      output: PipelineOutput,
      annotations: CREATES,
      handler: (principal, input) => pipelines.create(principal, input),
    }),
    crmTool({
      toolset: 'pipelines',
      name: 'stage_add',
      title: 'Add stage',
      description: 'Add a stage to a pipeline, at position or at the end (admins only).',
      input: z.strictObject({ pipelineId, ...pipelineVersion, ...AddStageInput.shape }),
      output: PipelineOutput,
      annotations: CREATES,
      handler: (principal, { pipelineId: id, expectedVersion, ...stage }) => pipelines.addStage(principal, id, stage, expectedVersion),
    }),
    crmTool({
      toolset: 'pipelines',
      name: 'stage_update',
      title: 'Update stage',
      description: 'Rename a stage or change its probability or kind (admins only).',
      input: z.strictObject({
        id: z.uuid().describe('Stage id, from pipeline_list.'),
        expectedVersion: expectedVersionField.expectedVersion.describe('The stage version you last read; refused if it changed since.'),
        ...UpdateStageInput.shape,
      }),
      output: StageOutput,
      annotations: UPDATES,
      handler: (principal, { id, expectedVersion, ...changes }) => pipelines.updateStage(principal, id, changes, expectedVersion),
    }),
    crmTool({
      toolset: 'pipelines',
      name: 'stage_reorder',
      title: 'Reorder stages',
      description: 'Put all stages of a pipeline in a new order (admins only).',
      input: z.strictObject({ pipelineId, ...pipelineVersion, ...ReorderStagesInput.shape }),
      output: PipelineOutput,
      annotations: UPDATES,
      handler: (principal, { pipelineId: id, expectedVersion, stageIds }) =>
        pipelines.reorderStages(principal, id, stageIds, expectedVersion),
    }),
  ];
}
