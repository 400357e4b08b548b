import { ProtocolError, ProtocolErrorCode, type Resource } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { RecordSummary } from '../../lookups/record-lookup.service.js';
import { RESOURCE_MIME_TYPE } from './resource-templates.js';
import { COLLECTION_OF, resourceUriOf } from './resource-uri.js';

/** Resources per resources/list page. */
export const RESOURCE_PAGE_SIZE = 25;
/** How many recently changed records follow the pipelines in resources/list. */
export const RECENT_RECORDS = 50;

const TITLE_PREFIX = { contact: 'Contact', company: 'Company', deal: 'Deal', lead: 'Lead', ticket: 'Ticket', pipeline: 'Pipeline', note: 'Note', task: 'Task' } as const;

export function describeResource(record: RecordSummary): Resource {
  return {
    uri: resourceUriOf(record),
    name: `${COLLECTION_OF[record.kind]}/${record.name}`,
    title: `${TITLE_PREFIX[record.kind]}: ${record.name}`,
    description: `${TITLE_PREFIX[record.kind]} "${record.name}", last changed ${record.updatedAt.toISOString()}.`,
    mimeType: RESOURCE_MIME_TYPE,
    annotations: { lastModified: record.updatedAt.toISOString() },
  };
}

// The list is a short snapshot (pipelines, then the latest changes), so an offset is enough.
const offsetCursor = z.tuple([z.literal('r'), z.number().int().min(0)]);

export function encodeListCursor(offset: number): string {
  return Buffer.from(JSON.stringify(['r', offset])).toString('base64url');
}

export function decodeListCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    return offsetCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))[1];
  } catch {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'The cursor is not one resources/list issued; list again without it.');
  }
}
