import { z } from 'zod';
import { RECORD_KINDS } from '../events/record-change.js';

export const FetchInput = z.strictObject({
  id: z.string().min(1).max(300)
    .describe('A record id, or its crm:// URI from search.'),
  kind: z.enum(RECORD_KINDS).optional()
    .describe('The kind, if known (not needed with a URI).'),
}).describe('Which record to read.');
export type FetchInput = z.infer<typeof FetchInput>;

export const FetchOutput = z.object({
  kind: z.enum(RECORD_KINDS).describe('What the record is.'),
  uri: z.string().describe('Its crm:// URI.'),
  record: z.looseObject({ id: z.uuid() })
    .describe('The record with all its fields, as its kind\'s REST get returns it (a company includes its contacts, open deals and pipeline value).'),
}).describe('One record of any kind.');
export type FetchOutput = z.infer<typeof FetchOutput>;
