import { z } from 'zod';
import { expectedVersionField } from '../common/schemas/record-fields.js';
import { recordRefFields } from './record-ref.js';
import { TRASHABLE_KINDS } from './trashable-kinds.js';

export const RecordDeleteInput = z.strictObject({ ...recordRefFields, ...expectedVersionField });
export type RecordDeleteInput = z.infer<typeof RecordDeleteInput>;

export const RecordPurgeInput = z.strictObject({ ...recordRefFields });
export type RecordPurgeInput = z.infer<typeof RecordPurgeInput>;

const refOutput = {
  kind: z.enum(TRASHABLE_KINDS).describe('Record kind.'),
  id: z.uuid().describe('Record id.'),
};

export const TrashedRecordOutput = z.object({
  ...refOutput,
  deleted: z.literal(true).describe('Always true: the record is in the trash.'),
  purgeAfter: z.iso.datetime().describe('When the purge job erases it for good, unless restored (change_undo) before.'),
  changeSetId: z.uuid().describe('The change set of this delete: change_undo with it restores the record (and what was detached).'),
});
export type TrashedRecordOutput = z.infer<typeof TrashedRecordOutput>;

export const PurgedRecordOutput = z.object({
  ...refOutput,
  purged: z.literal(true).describe('Always true: the record and the personal data in its history are gone for good.'),
});
export type PurgedRecordOutput = z.infer<typeof PurgedRecordOutput>;
