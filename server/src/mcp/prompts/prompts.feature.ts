import { Inject, Injectable } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/server';
import { requirePrincipal } from '../caller-principal.js';
import type { McpCaller, McpFeature } from '../mcp-feature.js';
import { PromptCatalog } from './prompt-catalog.js';

/** prompts/list and prompts/get: Gemini CLI shows each prompt as a slash command. */
@Injectable()
export class PromptsFeature implements McpFeature {
  readonly capabilities = { prompts: { listChanged: false } };
  // The prompt list is fixed for the life of the process and the same for everyone.
  readonly cacheHints = { 'prompts/list': { ttlMs: 5 * 60_000, cacheScope: 'public' as const } };

  constructor(@Inject(PromptCatalog) private readonly catalog: PromptCatalog) {}

  install(server: Server, caller: McpCaller): void {
    server.setRequestHandler('prompts/list', () => this.catalog.listResult);
    server.setRequestHandler('prompts/get', async (request, ctx) =>
      this.catalog.get(await requirePrincipal(caller, ctx), request.params.name, request.params.arguments),
    );
  }
}
