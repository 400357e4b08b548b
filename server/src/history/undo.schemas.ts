import { z } from 'zod';
import { TRASHABLE_KINDS } from '../trash/trashable-kinds.js';

export const UndoInput = z.strictObject({
  changeSetId: z.uuid().optional()
    .describe('Undo every change of one change set (one REST request, MCP tool call or batch), from timeline or audit_list.'),
  changeId: z.uuid().optional().describe('Undo one change to one record instead, from timeline or audit_list.'),
});
export type UndoInput = z.infer<typeof UndoInput>;

export const UndoOutput = z.object({
  undoneChangeSetId: z.uuid().describe('The change set that was reverted.'),
  changeSetId: z.uuid().describe('The change set of this undo; undoing it redoes the change.'),
  records: z.array(z.object({
    kind: z.enum(TRASHABLE_KINDS).describe('Record kind.'),
    id: z.uuid().describe('Record id.'),
    reverted: z.enum(['create', 'update', 'delete', 'restore']).describe('What was reverted: a create goes to the trash, a delete is restored, an update gets its old values back.'),
  })).describe('Each record the undo wrote.'),
});
export type UndoOutput = z.infer<typeof UndoOutput>;
