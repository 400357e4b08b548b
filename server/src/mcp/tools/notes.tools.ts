import { z } from 'zod';
import { expectedVersionField } from '../../common/schemas/record-fields.js';
import { CreateNoteInput, NoteOutput, UpdateNoteInput } from '../../notes/notes.schemas.js';
import type { NotesService } from '../../notes/notes.service.js';
import { CREATES, crmTool, UPDATES, type ToolDefinition } from '../tool-definition.js';

const id = z.uuid().describe('Note id, as returned by note_create or timeline.');

// Notes are read through fetch and timeline, and deleted through record_delete (shared catalogue).
export function noteTools(notes: NotesService): ToolDefinition[] {
  return [
    crmTool({
      name: 'note_create',
      toolset: 'notes',
      title: 'Create note',
      description: 'Write a note (you are its author) about one or more records of any kind.',
      input: CreateNoteInput,
      output: NoteOutput,
      annotations: CREATES,
      handler: (principal, input) => notes.create(principal, input),
    }),
    crmTool({
      name: 'note_update',
      toolset: 'notes',
      title: 'Update note',
      description: 'Change a note\'s text or links. Only its author or an admin may.',
      input: z.strictObject({ id, ...expectedVersionField, ...UpdateNoteInput.shape }),
      output: NoteOutput,
      annotations: UPDATES,
      handler: (principal, { id: noteId, expectedVersion, ...changes }) => notes.update(principal, noteId, changes, expectedVersion),
    }),
  ];
}
