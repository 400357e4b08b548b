import { z } from 'zod';
import { PipelineListOutput } from '../../pipelines/pipelines.schemas.js';
import type { PipelinesService } from '../../pipelines/pipelines.service.js';
import { crmTool, READ_ONLY, type ToolDefinition } from '../tool-definition.js';

export function pipelineTools(pipelines: PipelinesService): ToolDefinition[] {
  return [
    crmTool({
      name: 'pipeline_list',
      title: 'List pipelines',
      description:
        'List the sales pipelines with their stages in order (ids, names, probabilities). Call it before creating or ' +
        'moving deals when you need a pipelineId or stageId; deal tools also accept a stage name.',
      input: z.strictObject({}),
      output: PipelineListOutput,
      annotations: READ_ONLY,
      handler: (principal) => pipelines.list(principal),
    }),
  ];
}
