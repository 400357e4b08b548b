import { z } from 'zod';

/** The record kinds a note or task can be linked to (shared naming: lower-case kinds). */
export const LINKABLE_KINDS = ['contact', 'company', 'lead', 'deal', 'ticket'] as const;
export type LinkableKind = (typeof LINKABLE_KINDS)[number];

/** `crm://<collection>/<id>` for each linkable kind (same URIs as resource-uri.ts). */
export const LINK_COLLECTION: Readonly<Record<LinkableKind, string>> = {
  contact: 'contacts',
  company: 'companies',
  lead: 'leads',
  deal: 'deals',
  ticket: 'tickets',
};

/** How many records one note or task may name: enough for a meeting, bounded for the array index. */
export const MAX_LINKS = 20;

// Descriptions kept short: this object appears in several tools' schemas (catalogue byte budget).
export const RecordLink = z.strictObject({
  kind: z.enum(LINKABLE_KINDS).describe('Record kind.'),
  id: z.uuid().describe('Record id.'),
});
export type RecordLink = z.infer<typeof RecordLink>;

export const recordLinks = z.array(RecordLink).max(MAX_LINKS);

const COLLECTIONS = Object.values(LINK_COLLECTION).join('|');
// The pattern the schema shows stays short; the id is then checked as a UUID.
const RECORD_URI = new RegExp(`^crm://(${COLLECTIONS})/([0-9a-fA-F-]{36})$`);
const URI_ISSUE = `must be a record URI such as crm://contacts/<id> (collections: ${COLLECTIONS.replace(/\|/g, ', ')})`;
const uuid = z.uuid();

/** A `record=crm://contacts/<id>` filter; the id is what the list matches on. */
export const recordUriFilter = z.string().max(200)
  .regex(RECORD_URI, { message: URI_ISSUE, abort: true })
  .refine((uri) => uuid.safeParse(RECORD_URI.exec(uri)?.[2]).success, URI_ISSUE)
  .describe('Only items linked to this record URI, e.g. crm://contacts/<id>.');

/** The record id in a URI that `recordUriFilter` accepted, lower-cased like stored ids. */
export function recordIdOf(uri: string): string {
  return RECORD_URI.exec(uri)![2]!.toLowerCase();
}

/** Ids are UUIDs, unique across kinds, so the id alone finds "everything linked to X" (GIN index). */
export function linkedRecordIdsOf(links: readonly RecordLink[]): string[] {
  return links.map((link) => link.id);
}

/** The same record named twice is linked once, in the order first given. */
export function distinctLinks(links: readonly RecordLink[]): RecordLink[] {
  const seen = new Set<string>();
  return links
    .map((link) => ({ kind: link.kind, id: link.id.toLowerCase() }))
    .filter((link) => !seen.has(link.id) && seen.add(link.id));
}

/** The stored `links` column read back; rows are only ever written through `distinctLinks`. */
export function linksOf(stored: unknown): RecordLink[] {
  return Array.isArray(stored) ? (stored as RecordLink[]).map((link) => ({ kind: link.kind, id: link.id })) : [];
}
