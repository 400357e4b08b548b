import { z } from 'zod';
import { TRASHABLE_KINDS } from '../trash/trashable-kinds.js';

export const UndoInput = z.strictObject({
  changeSetId: z.uuid().optional()
    .describe('The change set to undo (one request, tool call or batch), from timeline or audit_list.'),
  changeId: z.uuid().optional().describe('Undo one change to one record instead, from timeline or audit_list.'),
});
export type UndoInput = z.infer<typeof UndoInput>;

// Undescribed, like the other history outputs (ADR 0042): reverted says what was undone of each record.
export const UndoOutput = z.object({
  undoneChangeSetId: z.uuid(),
  changeSetId: z.uuid(),
  records: z.array(z.object({
    kind: z.enum(TRASHABLE_KINDS),
    id: z.uuid(),
    reverted: z.enum(['create', 'update', 'delete', 'restore']),
  })),
});
export type UndoOutput = z.infer<typeof UndoOutput>;
