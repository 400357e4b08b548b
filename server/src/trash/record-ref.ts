import { z } from 'zod';
import { DomainError } from '../common/errors/domain-error.js';
import { COLLECTION_OF_KIND, TRASHABLE_KINDS, type TrashableKind, type TrashableRef } from './trashable-kinds.js';

/**
 * How a tool names one record: `kind` and `id`, or its `crm://` URI. Flat optional fields
 * rather than a union, so every MCP client's schema check accepts it.
 */
export const recordRefFields = {
  kind: z.enum(TRASHABLE_KINDS).optional().describe('Record kind; give it with id, or give uri instead.'),
  id: z.uuid().optional().describe('Record id; give it with kind, or give uri instead.'),
  uri: z.string().max(200).optional().describe('The record as crm://{contacts,leads,deals,tickets}/{id}, instead of kind and id.'),
};

const KIND_OF_COLLECTION = new Map(TRASHABLE_KINDS.map((kind) => [COLLECTION_OF_KIND[kind], kind]));
const RECORD_URI = /^crm:\/\/([a-z]+)\/([^/?#]+)$/;
const uuid = z.uuid();

/** The record the input names, or a validation error that says which fields to send. */
export function recordRefOf(input: { kind?: TrashableKind; id?: string; uri?: string }): TrashableRef {
  if (input.uri !== undefined) {
    if (input.kind !== undefined || input.id !== undefined) {
      throw DomainError.validation([{ path: 'uri', message: 'give either uri, or kind and id, not both' }]);
    }
    return parseRecordUri(input.uri, 'uri');
  }
  if (input.kind === undefined || input.id === undefined) {
    const missing = input.kind === undefined ? 'kind' : 'id';
    throw DomainError.validation([{ path: missing, message: 'give kind and id together, or a crm:// uri' }]);
  }
  return { kind: input.kind, id: input.id.toLowerCase() };
}

/** `crm://deals/{id}` -> `{ kind: 'deal', id }`; anything else is a validation error on `path`. */
export function parseRecordUri(uri: string, path: string): TrashableRef {
  const match = RECORD_URI.exec(uri);
  const kind = match ? KIND_OF_COLLECTION.get(match[1]!) : undefined;
  if (!match || !kind || !uuid.safeParse(match[2]).success) {
    throw DomainError.validation([{ path, message: 'must look like crm://{contacts,leads,deals,tickets}/{uuid}' }]);
  }
  return { kind, id: match[2]!.toLowerCase() };
}

/** The REST collection segment (`deals`) as a kind; an unknown one answers like a missing record. */
export function kindOfCollection(collection: string): TrashableKind {
  const kind = KIND_OF_COLLECTION.get(collection);
  if (!kind) throw DomainError.notFound('Record collection', collection);
  return kind;
}
