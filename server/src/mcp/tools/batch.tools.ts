import { BatchInput, BatchOutput } from '../../batch/batch.schemas.js';
import type { BatchService } from '../../batch/batch.service.js';
import { crmTool, UPDATES, type ToolDefinition } from '../tool-definition.js';

export function batchTools(batch: BatchService): ToolDefinition[] {
  return [
    crmTool({
      toolset: 'batch',
      name: 'batch',
      title: 'Batch create and update',
      description:
        'Create and update up to 100 companies, contacts, leads and deals at once, all or nothing; one undo reverts it.',
      input: BatchInput,
      // The items are the single-record tools' inputs, described there; the byte budget has no room for them twice.
      terseItems: true,
      output: BatchOutput,
      // It may overwrite fields (updates), so it is not additive-only.
      annotations: { ...UPDATES, idempotentHint: false },
      handler: (principal, input) => batch.run(principal, input),
    }),
  ];
}
