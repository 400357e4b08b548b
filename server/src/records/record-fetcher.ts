import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { DomainError } from '../common/errors/domain-error.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { RECORD_KINDS, type RecordKind, type RecordRef } from '../events/record-change.js';
import { COLLECTION_OF, resourceUriOf } from '../mcp/resources/resource-uri.js';
import type { FetchInput, FetchOutput } from './fetch.schemas.js';
import { RecordReader } from './record-reader.js';

const uuid = z.uuid();
const CRM_URI = /^crm:\/\/([a-z]+)\/([^/?#]*)$/;
const KIND_OF = new Map(RECORD_KINDS.map((kind) => [COLLECTION_OF[kind], kind]));

/** fetch: any record by id or crm:// URI (ADR 0046). */
@Injectable()
export class RecordFetcher {
  constructor(@Inject(RecordReader) private readonly reader: RecordReader) {}

  async fetch(principal: Principal, input: FetchInput): Promise<FetchOutput> {
    authorize(principal, 'crm:read');
    const wanted = refOf(input);
    if (wanted.kind) {
      const ref = { kind: wanted.kind, id: wanted.id };
      return { kind: ref.kind, uri: resourceUriOf(ref), record: await this.read(principal, ref) };
    }
    // A bare id: every kind at once; ids are UUIDv7, so at most one kind holds it.
    const found = await Promise.all(this.reader.kinds.map((kind) => this.readIfThere(principal, { kind, id: wanted.id })));
    const hit = found.find((entry) => entry !== undefined);
    if (!hit) throw new DomainError('not_found', `No record with id ${wanted.id} was found. Check the id, or find the record with search.`);
    return { kind: hit.ref.kind, uri: resourceUriOf(hit.ref), record: hit.record };
  }

  private async read(principal: Principal, ref: RecordRef): Promise<FetchOutput['record']> {
    return (await this.reader.read(principal, ref.kind, ref.id)) as FetchOutput['record'];
  }

  private async readIfThere(principal: Principal, ref: RecordRef) {
    try {
      return { ref, record: await this.read(principal, ref) };
    } catch (error) {
      if (toDomainError(error)?.code === 'not_found') return undefined;
      throw error;
    }
  }
}

/** The id (and kind, when the input says) the caller means; a malformed id or URI is a 400 on `id`. */
function refOf(input: FetchInput): { kind?: RecordKind; id: string } {
  const text = input.id.trim();
  if (!text.startsWith('crm://')) {
    if (!uuid.safeParse(text).success) {
      throw DomainError.validation([{ path: 'id', message: 'must be a record id (UUID) or a crm:// URI such as crm://contacts/<id>' }]);
    }
    return { kind: input.kind, id: text.toLowerCase() };
  }
  const match = CRM_URI.exec(text);
  const kind = match ? KIND_OF.get(match[1]!) : undefined;
  if (!match || !kind) {
    const collections = RECORD_KINDS.map((each) => COLLECTION_OF[each]).join(', ');
    throw DomainError.validation([{ path: 'id', message: `names no record kind: use crm://<kind>/<id> with one of ${collections}` }]);
  }
  if (!uuid.safeParse(match[2]).success) throw DomainError.validation([{ path: 'id', message: `the id after ${match[1]}/ must be a UUID` }]);
  if (input.kind && input.kind !== kind) {
    throw DomainError.validation([{ path: 'kind', message: `is ${input.kind}, but the URI names a ${kind}; omit kind with a URI` }]);
  }
  return { kind, id: match[2]!.toLowerCase() };
}
