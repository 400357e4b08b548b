import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AuthService } from '../auth/auth.service.js';
import { McpAuth } from './mcp-auth.js';
import { McpController } from './mcp.controller.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { McpSessionRegistry } from './mcp-session.registry.js';
import { MCP_TOOL_DEFINITIONS, ToolCatalog } from './tool-catalog.js';
import type { ToolDefinition } from './tool-definition.js';
import { ToolInvoker } from './tool-invoker.js';
import { authTools } from './tools/auth.tools.js';

export const MCP_HTTP_PATH = '/api/mcp';

/** The MCP server: Streamable HTTP at /api/mcp, and the same tools for the stdio entry. */
@Module({
  imports: [AuthModule],
  controllers: [McpController],
  providers: [
    {
      provide: MCP_TOOL_DEFINITIONS,
      inject: [AuthService],
      useFactory: (auth: AuthService): ToolDefinition[] => [...authTools(auth)],
    },
    ToolCatalog,
    ToolInvoker,
    McpAuth,
    McpServerFactory,
    McpSessionRegistry,
  ],
  exports: [ToolCatalog, ToolInvoker, McpAuth, McpServerFactory],
})
export class McpModule {}
