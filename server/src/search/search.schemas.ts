import { z } from 'zod';

/** The kinds one search looks through. */
export const SEARCH_KINDS = ['contact', 'company', 'lead', 'deal', 'ticket'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_MAX_LIMIT = 50;

export const SearchQuery = z.strictObject({
  q: z.string().min(1).max(200).regex(/\S/, 'must not be blank')
    .describe('Text to find in names, emails, domains and titles, e.g. "acme"; case-insensitive.'),
  kinds: z.array(z.enum(SEARCH_KINDS)).min(1).max(SEARCH_KINDS.length).optional()
    .describe('Only these kinds (REST: kinds=contact,company). Default: all.'),
  limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).default(20).describe(`Most hits, 1 to ${SEARCH_MAX_LIMIT} (default 20).`),
}).describe('One search across contacts, companies, leads, deals and tickets.');
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = z.object({
  kind: z.enum(SEARCH_KINDS).describe('What the record is.'),
  id: z.uuid().describe('Record id.'),
  title: z.string().describe('Its name or title.'),
  snippet: z.string().describe('A short line about it, e.g. email and company for a contact.'),
  uri: z.string().describe('Its crm:// URI, for fetch or resources/read.'),
  match: z.enum(['exact', 'prefix', 'contains']).describe('How the text matched: a whole name, email or domain; its start; or inside it.'),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchOutput = z.object({
  results: z.array(SearchHit).describe('Best matches first: exact, then prefix, then substring matches, each by similarity.'),
}).describe('Search hits across record kinds.');
export type SearchOutput = z.infer<typeof SearchOutput>;
