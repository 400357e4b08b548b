import { recordRefOf } from '../../trash/record-ref.js';
import { PurgedRecordOutput, RecordDeleteInput, RecordPurgeInput, TrashedRecordOutput } from '../../trash/trash.schemas.js';
import type { TrashService } from '../../trash/trash.service.js';
import { crmTool, DELETES, type ToolDefinition } from '../tool-definition.js';

export function trashTools(trash: TrashService): ToolDefinition[] {
  return [
    crmTool({
      name: 'record_delete',
      toolset: 'records',
      title: 'Delete record',
      description: 'Move any record to the trash; change_undo with the returned changeSetId restores it.',
      input: RecordDeleteInput,
      output: TrashedRecordOutput,
      annotations: DELETES,
      handler: (principal, input) => trash.moveToTrash(principal, recordRefOf(input), input.expectedVersion),
    }),
    crmTool({
      name: 'record_purge',
      toolset: 'records',
      title: 'Purge record',
      description: 'Admins: erase a record in the trash for good, with its values in the audit trail (erasure requests).',
      input: RecordPurgeInput,
      output: PurgedRecordOutput,
      annotations: DELETES,
      handler: (principal, input) => trash.purge(principal, recordRefOf(input)),
    }),
  ];
}
