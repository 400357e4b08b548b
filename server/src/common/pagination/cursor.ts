import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';

/**
 * Keyset pagination cursors: the sort key and id of the last row served, opaque to
 * clients (base64url JSON). A deep page costs the same as the first one.
 */
export interface CursorPosition {
  /** Value of the sort column of the last row (ISO string for dates). */
  key: string | number | null;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

const cursorShape = z.tuple([z.union([z.string(), z.number(), z.null()]), z.uuid()]);

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [key, id] = cursorShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { key, id };
  } catch {
    throw DomainError.validation([{ path: 'cursor', message: 'is not a cursor this API issued; start again without it' }]);
  }
}

export const paginationQuery = {
  limit: z.number().int().min(1).max(100).default(25).describe('Page size, 1 to 100 (default 25).'),
  cursor: z.string().min(1).max(512).optional().describe('The nextCursor of the previous page.'),
  includeTotal: z.boolean().default(false).describe('Also count all matching rows (slower on large sets).'),
};

export function pageOutput<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page.'),
    total: z.number().int().optional().describe('Count of all matching rows, when includeTotal was requested.'),
  });
}
