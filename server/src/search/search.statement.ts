import { Prisma } from '../generated/prisma/client.js';
import { escapeLike } from '../common/text/escape-like.js';
import type { SearchKind } from './search.schemas.js';

/**
 * The one search as one SQL statement (ADR 0045): per kind, rows whose searched text
 * contains the term (served by the trigram GIN indexes), ranked
 *   tier 0: a whole name, email or domain equals the term,
 *   tier 1: one of them starts with it,
 *   tier 2: the term is inside the searched text,
 * then by pg_trgm similarity, then most recently changed. Each kind keeps its best `limit`
 * rows before the kinds are merged, so no kind's matches are sorted in full twice.
 *
 * The tenant is bound from the caller's principal here: the tenant-scope extension does not
 * see raw SQL, so this statement carries its own "tenantId" = $tenant in every branch
 * (tested in the isolation matrix). Companies in the trash are excluded here for the same reason.
 */
export interface SearchTerms {
  tenantId: string;
  /** Lower-cased, trimmed. */
  term: string;
  limit: number;
}

export interface SearchRow {
  kind: SearchKind;
  id: string;
  tier: number;
  score: number;
  data: Record<string, string | null>;
}

type Branch = (terms: SearchTerms, like: Like) => Prisma.Sql;
interface Like {
  /** `%term%`, LIKE wildcards in the term escaped. */
  anywhere: string;
  /** `term%`. */
  start: string;
}

const rank = (exact: Prisma.Sql, prefix: Prisma.Sql) => Prisma.sql`CASE WHEN ${exact} THEN 0 WHEN ${prefix} THEN 1 ELSE 2 END`;

const BRANCHES: Record<SearchKind, Branch> = {
  // searchText is already lower-cased "first last email company phone" (ADR 0008).
  contact: ({ tenantId, term }, like) => Prisma.sql`
    SELECT 'contact' AS kind, id, ${rank(
      Prisma.sql`lower("firstName" || ' ' || "lastName") = ${term} OR lower("lastName") = ${term} OR lower("firstName") = ${term} OR email = ${term}`,
      Prisma.sql`lower("firstName" || ' ' || "lastName") LIKE ${like.start} OR lower("lastName") LIKE ${like.start} OR email LIKE ${like.start}`,
    )} AS tier,
      greatest(similarity(lower("firstName" || ' ' || "lastName"), ${term}), similarity(coalesce(email, ''), ${term})) AS score,
      "updatedAt",
      jsonb_build_object('firstName', "firstName", 'lastName', "lastName", 'email', email, 'company', company, 'jobTitle', "jobTitle") AS data
    FROM "Contact" WHERE "tenantId" = ${tenantId}::uuid AND "deletedAt" IS NULL AND "searchText" LIKE ${like.anywhere}`,
  company: ({ tenantId, term }, like) => Prisma.sql`
    SELECT 'company' AS kind, id, ${rank(
      Prisma.sql`lower(name) = ${term} OR domain = ${term}`,
      Prisma.sql`lower(name) LIKE ${like.start} OR domain LIKE ${like.start}`,
    )} AS tier,
      greatest(similarity(lower(name), ${term}), similarity(coalesce(domain, ''), ${term})) AS score,
      "updatedAt",
      jsonb_build_object('name', name, 'domain', domain, 'industry', industry) AS data
    FROM "Company" WHERE "tenantId" = ${tenantId}::uuid AND "deletedAt" IS NULL
      AND (name ILIKE ${like.anywhere} OR domain LIKE ${like.anywhere})`,
  lead: ({ tenantId, term }, like) => Prisma.sql`
    SELECT 'lead' AS kind, id, ${rank(
      Prisma.sql`lower(name) = ${term} OR lower(company) = ${term} OR lower(email) = ${term}`,
      Prisma.sql`lower(name) LIKE ${like.start} OR lower(company) LIKE ${like.start} OR lower(email) LIKE ${like.start}`,
    )} AS tier,
      greatest(similarity(lower(coalesce(name, '')), ${term}), similarity(lower(coalesce(company, '')), ${term}), similarity(lower(coalesce(email, '')), ${term})) AS score,
      "updatedAt",
      jsonb_build_object('name', name, 'company', company, 'email', email, 'status', status::text) AS data
    FROM "Lead" WHERE "tenantId" = ${tenantId}::uuid AND "deletedAt" IS NULL
      AND (name ILIKE ${like.anywhere} OR company ILIKE ${like.anywhere} OR email ILIKE ${like.anywhere})`,
  deal: ({ tenantId, term }, like) => Prisma.sql`
    SELECT 'deal' AS kind, id, ${rank(Prisma.sql`lower(title) = ${term}`, Prisma.sql`lower(title) LIKE ${like.start}`)} AS tier,
      similarity(lower(title), ${term}) AS score,
      "updatedAt",
      jsonb_build_object('title', title, 'value', value::text, 'currency', currency, 'expectedCloseDate', "expectedCloseDate"::text) AS data
    FROM "Deal" WHERE "tenantId" = ${tenantId}::uuid AND "deletedAt" IS NULL AND title ILIKE ${like.anywhere}`,
  ticket: ({ tenantId, term }, like) => Prisma.sql`
    SELECT 'ticket' AS kind, id, ${rank(Prisma.sql`lower(subject) = ${term}`, Prisma.sql`lower(subject) LIKE ${like.start}`)} AS tier,
      similarity(lower(subject), ${term}) AS score,
      "updatedAt",
      jsonb_build_object('subject', subject, 'status', status::text, 'priority', priority::text, 'description', left(description, 200)) AS data
    FROM "Ticket" WHERE "tenantId" = ${tenantId}::uuid AND "deletedAt" IS NULL AND subject ILIKE ${like.anywhere}`,
};

const ORDER = Prisma.sql`ORDER BY tier, score DESC, "updatedAt" DESC, id`;

export function searchStatement(terms: SearchTerms, kinds: readonly SearchKind[]): Prisma.Sql {
  const escaped = escapeLike(terms.term);
  const like = { anywhere: `%${escaped}%`, start: `${escaped}%` };
  const branches = kinds.map((kind) => Prisma.sql`(${BRANCHES[kind](terms, like)} ${ORDER} LIMIT ${terms.limit})`);
  return Prisma.sql`SELECT kind, id, tier, score, data FROM (${Prisma.join(branches, ' UNION ALL ')}) AS hits ${ORDER} LIMIT ${terms.limit}`;
}
