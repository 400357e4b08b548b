import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AuthService } from '../auth/auth.service.js';
import { BatchModule } from '../batch/batch.module.js';
import { BatchService } from '../batch/batch.service.js';
import { CompaniesModule } from '../companies/companies.module.js';
import { CompaniesService } from '../companies/companies.service.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { DealsModule } from '../deals/deals.module.js';
import { DealsService } from '../deals/deals.service.js';
import { LeadsModule } from '../leads/leads.module.js';
import { LeadsService } from '../leads/leads.service.js';
import { PipelinesModule } from '../pipelines/pipelines.module.js';
import { PipelinesService } from '../pipelines/pipelines.service.js';
import { NotesModule } from '../notes/notes.module.js';
import { NotesService } from '../notes/notes.service.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TasksService } from '../tasks/tasks.service.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { HistoryModule } from '../history/history.module.js';
import { HistoryService } from '../history/history.service.js';
import { UndoService } from '../history/undo.service.js';
import { TrashModule } from '../trash/trash.module.js';
import { TrashService } from '../trash/trash.service.js';
import { LookupsModule } from '../lookups/lookups.module.js';
import { RecordFetcher } from '../records/record-fetcher.js';
import { RecordsModule } from '../records/records.module.js';
import { SearchModule } from '../search/search.module.js';
import { SearchService } from '../search/search.service.js';
import { RecordLookupService } from '../lookups/record-lookup.service.js';
import { CompletionService } from './completions/completion.service.js';
import { CompletionsFeature } from './completions/completions.feature.js';
import { accountBriefPrompt } from './prompts/account-brief.prompt.js';
import { leadTriagePrompt } from './prompts/lead-triage.prompt.js';
import { pipelineReviewPrompt } from './prompts/pipeline-review.prompt.js';
import { MCP_PROMPT_DEFINITIONS, PromptCatalog } from './prompts/prompt-catalog.js';
import type { PromptDefinition } from './prompts/prompt-definition.js';
import type { PromptServices } from './prompts/prompt-services.js';
import { PromptsFeature } from './prompts/prompts.feature.js';
import { ticketTriagePrompt } from './prompts/ticket-triage.prompt.js';
import { ResourceCatalog } from './resources/resource-catalog.js';
import { ResourcesFeature } from './resources/resources.feature.js';
import { InstanceSubscriptions } from './subscriptions/instance-subscriptions.js';
import { ListenBridge } from './subscriptions/listen-bridge.js';
import { ListenFilter } from './subscriptions/listen-filter.js';
import { McpAuth } from './mcp-auth.js';
import { MCP_FEATURES, type McpFeature } from './mcp-feature.js';
import { McpHttpEntry } from './mcp-http.entry.js';
import { McpController } from './mcp.controller.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { McpSessionRegistry } from './mcp-session.registry.js';
import { sessionStoreProvider } from './sessions/session-store.provider.js';
import { MCP_TOOL_DEFINITIONS, ToolCatalog } from './tool-catalog.js';
import type { ToolDefinition } from './tool-definition.js';
import { ToolInvoker } from './tool-invoker.js';
import { DirectToolCalls } from './direct/direct-tool-calls.js';
import { ToolsFeature } from './tools.feature.js';
import { authTools } from './tools/auth.tools.js';
import { batchTools } from './tools/batch.tools.js';
import { companyTools } from './tools/companies.tools.js';
import { contactTools } from './tools/contacts.tools.js';
import { dealTools } from './tools/deals.tools.js';
import { leadTools } from './tools/leads.tools.js';
import { pipelineTools } from './tools/pipelines.tools.js';
import { noteTools } from './tools/notes.tools.js';
import { taskTools } from './tools/tasks.tools.js';
import { recordTools } from './tools/records.tools.js';
import { ticketTools } from './tools/tickets.tools.js';
import { historyTools } from './tools/history.tools.js';
import { trashTools } from './tools/trash.tools.js';

export { MCP_HTTP_PATH } from './mcp-path.js';

/** The MCP server: Streamable HTTP at /api/mcp, and the same surface for the stdio entry. */
@Module({
  imports: [AuthModule, ContactsModule, CompaniesModule, PipelinesModule, DealsModule, LeadsModule, TicketsModule, NotesModule, TasksModule, TrashModule, HistoryModule, LookupsModule, BatchModule, SearchModule, RecordsModule],
  controllers: [McpController],
  providers: [
    {
      provide: MCP_TOOL_DEFINITIONS,
      inject: [AuthService, ContactsService, CompaniesService, LeadsService, DealsService, TicketsService, PipelinesService, NotesService, TasksService, BatchService, TrashService, HistoryService, UndoService, SearchService, RecordFetcher],
      useFactory: (
        auth: AuthService,
        contacts: ContactsService,
        companies: CompaniesService,
        leads: LeadsService,
        deals: DealsService,
        tickets: TicketsService,
        pipelines: PipelinesService,
        notes: NotesService,
        tasks: TasksService,
        batch: BatchService,
        trash: TrashService,
        history: HistoryService,
        undos: UndoService,
        searcher: SearchService,
        fetcher: RecordFetcher,
      ): ToolDefinition[] => [
        ...authTools(auth),
        ...recordTools(searcher, fetcher),
        ...contactTools(contacts),
        ...companyTools(companies),
        ...leadTools(leads),
        ...dealTools(deals),
        ...ticketTools(tickets),
        ...pipelineTools(pipelines),
        ...noteTools(notes),
        ...taskTools(tasks),
        ...batchTools(batch),
        ...trashTools(trash),
        ...historyTools(history, undos),
      ],
    },
    ToolCatalog,
    ToolInvoker,
    DirectToolCalls,
    ToolsFeature,
    {
      provide: MCP_PROMPT_DEFINITIONS,
      inject: [ContactsService, DealsService, LeadsService, TicketsService, PipelinesService, RecordLookupService],
      useFactory: (
        contacts: ContactsService,
        deals: DealsService,
        leads: LeadsService,
        tickets: TicketsService,
        pipelines: PipelinesService,
        lookup: RecordLookupService,
      ): PromptDefinition[] => {
        const services: PromptServices = { contacts, deals, leads, tickets, pipelines, lookup };
        return [pipelineReviewPrompt(services), leadTriagePrompt(services), ticketTriagePrompt(services), accountBriefPrompt(services)];
      },
    },
    PromptCatalog,
    PromptsFeature,
    ResourceCatalog,
    InstanceSubscriptions,
    ListenFilter,
    ListenBridge,
    ResourcesFeature,
    CompletionService,
    CompletionsFeature,
    // The MCP surface, one feature each (a provider implementing McpFeature, listed here).
    {
      provide: MCP_FEATURES,
      inject: [ToolsFeature, ResourcesFeature, PromptsFeature, CompletionsFeature],
      useFactory: (...features: McpFeature[]): McpFeature[] => features,
    },
    McpAuth,
    McpServerFactory,
    sessionStoreProvider,
    McpSessionRegistry,
    McpHttpEntry,
  ],
  exports: [ToolCatalog, ToolInvoker, McpAuth, McpServerFactory, McpHttpEntry],
})
export class McpModule {}
