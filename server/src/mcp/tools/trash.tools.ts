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
      description: 'Move a contact, lead, deal or ticket to the trash (a contact\'s deals, tickets and leads are detached); change_undo with the changeSetId returned restores it.',
      input: RecordDeleteInput,
      output: TrashedRecordOutput,
      annotations: DELETES,
      handler: (principal, input) => trash.moveToTrash(principal, recordRefOf(input), input.expectedVersion),
    }),
    crmTool({
      name: 'record_purge',
      toolset: 'records',
      title: 'Purge record',
      description: 'Admins: erase a record already in the trash for good, with the personal data in its history (erasure requests). Cannot be undone.',
      input: RecordPurgeInput,
      output: PurgedRecordOutput,
      annotations: DELETES,
      handler: (principal, input) => trash.purge(principal, recordRefOf(input)),
    }),
  ];
}
