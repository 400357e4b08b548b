import { formatAmount } from '../deals/money.js';
import { Prisma } from '../generated/prisma/client.js';
import { resourceUriOf } from '../mcp/resources/resource-uri.js';
import type { SearchHit } from './search.schemas.js';
import type { SearchRow } from './search.statement.js';

const MATCHES = ['exact', 'prefix', 'contains'] as const;
const SNIPPET_LENGTH = 160;

/** A row of the search statement as the hit a person or model reads: a title and one short line. */
export function toSearchHit(row: SearchRow): SearchHit {
  const { title, snippet } = describe(row);
  return {
    kind: row.kind,
    id: row.id,
    title,
    snippet: short(snippet.filter(Boolean).join(' · ')),
    uri: resourceUriOf({ kind: row.kind, id: row.id }),
    match: MATCHES[Math.min(Math.max(Number(row.tier), 0), 2)]!,
  };
}

function describe({ kind, data }: SearchRow): { title: string; snippet: (string | null | undefined)[] } {
  switch (kind) {
    case 'contact':
      return { title: [data.firstName, data.lastName].filter(Boolean).join(' '), snippet: [data.email, data.jobTitle, data.company] };
    case 'company':
      return { title: data.name ?? '', snippet: [data.domain, data.industry] };
    case 'lead':
      return { title: data.name ?? data.company ?? data.email ?? 'Lead', snippet: [data.company, data.email, data.status] };
    case 'deal':
      return {
        title: data.title ?? '',
        snippet: [data.value ? `${formatAmount(new Prisma.Decimal(data.value))} ${data.currency}` : null, data.expectedCloseDate && `closes ${data.expectedCloseDate}`],
      };
    case 'ticket':
      return { title: data.subject ?? '', snippet: [data.status, data.priority, data.description] };
  }
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= SNIPPET_LENGTH ? oneLine : `${oneLine.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…`;
}
