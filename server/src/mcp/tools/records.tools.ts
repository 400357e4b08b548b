import type { RecordFetcher } from '../../records/record-fetcher.js';
import { FetchInput, FetchOutput } from '../../records/fetch.schemas.js';
import type { SearchService } from '../../search/search.service.js';
import { SearchOutput, SearchQuery } from '../../search/search.schemas.js';
import { crmTool, READ_ONLY, type ToolDefinition } from '../tool-definition.js';

/** The pair ChatGPT's connectors require, and what every other client uses to find and read records. */
export function recordTools(searcher: SearchService, fetcher: RecordFetcher): ToolDefinition[] {
  return [
    crmTool({
      name: 'search',
      toolset: 'records',
      title: 'Search records',
      description: 'Search contacts, companies, leads, deals and tickets at once, best first; fetch reads a hit.',
      input: SearchQuery,
      output: SearchOutput,
      annotations: READ_ONLY,
      handler: (principal, input) => searcher.search(principal, input),
    }),
    crmTool({
      name: 'fetch',
      toolset: 'records',
      title: 'Fetch record',
      description: 'Read any record in full by its id or crm:// URI (from search or a _list tool).',
      input: FetchInput,
      output: FetchOutput,
      annotations: READ_ONLY,
      handler: (principal, input) => fetcher.fetch(principal, input),
    }),
  ];
}
