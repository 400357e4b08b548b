import { z } from 'zod';
import { pageOutput, paginationQuery } from '../common/pagination/cursor.js';
import { deletedOutput, recordVersionField } from '../common/schemas/record-fields.js';
import { MAX_LINKS, RecordLink, recordLinks, recordUriFilter } from '../links/record-links.schemas.js';

export const MAX_NOTE_LENGTH = 10_000;

const body = z.string().min(1).max(MAX_NOTE_LENGTH).regex(/\S/, 'must not be blank').describe('The note text.');
const links = recordLinks.min(1).describe(`Records it is about (1 to ${MAX_LINKS}).`);

export const CreateNoteInput = z.strictObject({ body, links }).describe('A new note, authored by the caller.');
export type CreateNoteInput = z.infer<typeof CreateNoteInput>;

// Omitted fields stay as they are; links, when given, replace the whole list.
export const UpdateNoteInput = z.strictObject({
  body: body.optional(),
  links: links.optional().describe(`Records it is about (1 to ${MAX_LINKS}); replaces the list.`),
}).describe('Fields to change; omitted fields are left unchanged.');
export type UpdateNoteInput = z.infer<typeof UpdateNoteInput>;

export const ListNotesQuery = z.strictObject({
  record: recordUriFilter,
  ...paginationQuery,
});
export type ListNotesQuery = z.infer<typeof ListNotesQuery>;

export const NoteOutput = z.object({
  id: z.uuid().describe('Note id.'),
  body: z.string().describe('The note text.'),
  links: z.array(RecordLink).describe('The records this note is about.'),
  authorId: z.uuid().describe('User id of the author.'),
  ...recordVersionField,
  createdAt: z.iso.datetime().describe('Creation time, ISO 8601 UTC.'),
  updatedAt: z.iso.datetime().describe('Last change, ISO 8601 UTC.'),
}).describe('A note about one or more records.');
export type NoteOutput = z.infer<typeof NoteOutput>;

export const NoteListOutput = pageOutput(NoteOutput).describe('One page of notes, newest first.');
export type NoteListOutput = z.infer<typeof NoteListOutput>;

export const DeletedNoteOutput = deletedOutput('note');
export type DeletedNoteOutput = z.infer<typeof DeletedNoteOutput>;
