import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { RECORD_KINDS, type RecordKind, type RecordRef } from '../../events/record-change.js';

/** The path segment of each record kind in `crm://<collection>/<id>`. */
export const COLLECTION_OF: Readonly<Record<RecordKind, string>> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  lead: 'leads',
  ticket: 'tickets',
  pipeline: 'pipelines',
  note: 'notes',
  task: 'tasks',
};

const KIND_OF = new Map(RECORD_KINDS.map((kind) => [COLLECTION_OF[kind], kind]));
const RESOURCE_URI = /^crm:\/\/([a-z]+)\/([^/?#]*)$/;
const uuid = z.uuid();

export function resourceUriOf(ref: RecordRef): string {
  return `crm://${COLLECTION_OF[ref.kind]}/${ref.id}`;
}

/**
 * The record a resource URI names. A URI of another scheme or collection names nothing
 * here (not found); a crm:// record URI whose id is no UUID is malformed (invalid params).
 */
export function parseResourceUri(uri: string): RecordRef {
  const match = RESOURCE_URI.exec(uri);
  const kind = match ? KIND_OF.get(match[1]!) : undefined;
  if (!match || !kind) throw new ResourceNotFoundError(uri, `Resource not found: ${uri}. Synapse serves crm://{contacts,companies,deals,leads,tickets,pipelines,notes,tasks}/{id}; call resources/templates/list.`);
  if (!uuid.safeParse(match[2]).success) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `The resource URI ${uri} is malformed: the id after ${match[1]}/ must be a UUID, as returned by the ${kind}_list tool or resources/list.`,
    );
  }
  return { kind, id: match[2]!.toLowerCase() };
}
