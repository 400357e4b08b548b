import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AuthService } from '../auth/auth.service.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { DealsModule } from '../deals/deals.module.js';
import { DealsService } from '../deals/deals.service.js';
import { LeadsModule } from '../leads/leads.module.js';
import { LeadsService } from '../leads/leads.service.js';
import { PipelinesModule } from '../pipelines/pipelines.module.js';
import { PipelinesService } from '../pipelines/pipelines.service.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { McpAuth } from './mcp-auth.js';
import { MCP_FEATURES, type McpFeature } from './mcp-feature.js';
import { McpHttpEntry } from './mcp-http.entry.js';
import { McpController } from './mcp.controller.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { McpSessionRegistry } from './mcp-session.registry.js';
import { MCP_TOOL_DEFINITIONS, ToolCatalog } from './tool-catalog.js';
import type { ToolDefinition } from './tool-definition.js';
import { ToolInvoker } from './tool-invoker.js';
import { ToolsFeature } from './tools.feature.js';
import { authTools } from './tools/auth.tools.js';
import { contactTools } from './tools/contacts.tools.js';
import { dealTools } from './tools/deals.tools.js';
import { leadTools } from './tools/leads.tools.js';
import { pipelineTools } from './tools/pipelines.tools.js';
import { ticketTools } from './tools/tickets.tools.js';

export { MCP_HTTP_PATH } from './mcp-path.js';

/** The MCP server: Streamable HTTP at /api/mcp, and the same surface for the stdio entry. */
@Module({
  imports: [AuthModule, ContactsModule, PipelinesModule, DealsModule, LeadsModule, TicketsModule],
  controllers: [McpController],
  providers: [
    {
      provide: MCP_TOOL_DEFINITIONS,
      inject: [AuthService, ContactsService, LeadsService, DealsService, TicketsService, PipelinesService],
      useFactory: (
        auth: AuthService,
        contacts: ContactsService,
        leads: LeadsService,
        deals: DealsService,
        tickets: TicketsService,
        pipelines: PipelinesService,
      ): ToolDefinition[] => [
        ...authTools(auth),
        ...contactTools(contacts),
        ...leadTools(leads),
        ...dealTools(deals),
        ...ticketTools(tickets),
        ...pipelineTools(pipelines),
      ],
    },
    ToolCatalog,
    ToolInvoker,
    ToolsFeature,
    // The MCP surface, one feature each: add resources, prompts, completions and
    // subscriptions here (a provider implementing McpFeature, then listed below).
    {
      provide: MCP_FEATURES,
      inject: [ToolsFeature],
      useFactory: (...features: McpFeature[]): McpFeature[] => features,
    },
    McpAuth,
    McpServerFactory,
    McpSessionRegistry,
    McpHttpEntry,
  ],
  exports: [ToolCatalog, ToolInvoker, McpAuth, McpServerFactory, McpHttpEntry],
})
export class McpModule {}
