import { Inject, Injectable } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/server';
import type { McpCaller, McpFeature } from '../mcp-feature.js';
import { CompletionService } from './completion.service.js';

/** completion/complete for prompt arguments and resource-template variables. */
@Injectable()
export class CompletionsFeature implements McpFeature {
  readonly capabilities = { completions: {} };

  constructor(@Inject(CompletionService) private readonly completions: CompletionService) {}

  install(server: Server, caller: McpCaller): void {
    server.setRequestHandler('completion/complete', async (request, ctx) =>
      this.completions.complete(await caller.principal(ctx), request.params),
    );
  }
}
