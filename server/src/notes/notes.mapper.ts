import type { Note } from '../generated/prisma/client.js';
import { linksOf } from '../links/record-links.schemas.js';
import type { NoteOutput } from './notes.schemas.js';

export function toNoteOutput(row: Note): NoteOutput {
  return {
    id: row.id,
    body: row.body,
    links: linksOf(row.links),
    authorId: row.authorId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
