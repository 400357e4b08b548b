import { Inject, Injectable } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/server';
import { withOrigin } from '../common/auth/principal.js';
import type { McpCaller, McpFeature } from './mcp-feature.js';
import { toolCallOrigin } from './tool-call-origin.js';
import { ToolCatalog } from './tool-catalog.js';
import { ToolInvoker } from './tool-invoker.js';

// Tools never change while the process runs; a client may keep a list for this long.
const TOOLS_LIST_TTL_MS = 5 * 60_000;

/** tools/list and tools/call over the precomputed catalogue. */
@Injectable()
export class ToolsFeature implements McpFeature {
  readonly capabilities = { tools: { listChanged: false } };
  // Private: the list depends on the caller's scopes.
  readonly cacheHints = { 'tools/list': { ttlMs: TOOLS_LIST_TTL_MS, cacheScope: 'private' as const } };

  constructor(
    @Inject(ToolCatalog) private readonly catalog: ToolCatalog,
    @Inject(ToolInvoker) private readonly invoker: ToolInvoker,
  ) {}

  install(server: Server, caller: McpCaller): void {
    server.setRequestHandler('tools/list', async (_request, ctx) => this.catalog.listFor(caller.surface, await caller.principal(ctx)));
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const principal = await caller.principal(ctx);
      const origin = toolCallOrigin(caller.surface, request.params.name, server.getClientVersion(), ctx);
      return this.invoker.call(caller.surface, request.params.name, request.params.arguments, principal && withOrigin(principal, origin), {
        clientKey: caller.clientKey,
        ...(caller.bind ? { bindPrincipal: (bound) => caller.bind!(bound) } : {}),
      });
    });
  }
}
