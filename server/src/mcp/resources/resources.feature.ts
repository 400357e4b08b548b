import { Inject, Injectable } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode, type Server } from '@modelcontextprotocol/server';
import { requirePrincipal } from '../caller-principal.js';
import type { McpCaller, McpFeature } from '../mcp-feature.js';
import { InstanceSubscriptions } from '../subscriptions/instance-subscriptions.js';
import { ResourceCatalog } from './resource-catalog.js';
import { RESOURCE_TEMPLATES } from './resource-templates.js';

const TEMPLATES_RESULT = Object.freeze({ resourceTemplates: [...RESOURCE_TEMPLATES] });

/**
 * resources/list, resources/templates/list, resources/read, and legacy
 * resources/subscribe and unsubscribe. Records change at any time, so no answer may be
 * cached (ttlMs 0), and all of them are the caller's workspace (private).
 */
@Injectable()
export class ResourcesFeature implements McpFeature {
  // subscribe: 2026-07-28 through subscriptions/listen, the 2025 revisions through resources/subscribe.
  readonly capabilities = { resources: { subscribe: true, listChanged: false } };
  readonly cacheHints = {
    'resources/list': { ttlMs: 0, cacheScope: 'private' as const },
    'resources/read': { ttlMs: 0, cacheScope: 'private' as const },
    // The templates are fixed for the life of the process and the same for everyone.
    'resources/templates/list': { ttlMs: 5 * 60_000, cacheScope: 'public' as const },
  };

  constructor(
    @Inject(ResourceCatalog) private readonly catalog: ResourceCatalog,
    @Inject(InstanceSubscriptions) private readonly subscriptions: InstanceSubscriptions,
  ) {}

  install(server: Server, caller: McpCaller): void {
    server.setRequestHandler('resources/list', async (request, ctx) => {
      const principal = await caller.principal(ctx);
      // Nobody signed in (stdio before auth_sign_in): no workspace, so no resources.
      return principal ? this.catalog.list(principal, request.params?.cursor) : { resources: [] };
    });
    server.setRequestHandler('resources/templates/list', () => TEMPLATES_RESULT);
    server.setRequestHandler('resources/read', async (request, ctx) =>
      this.catalog.read(await requirePrincipal(caller, ctx), request.params.uri),
    );
    server.setRequestHandler('resources/subscribe', async (request, ctx) => {
      const principal = await requirePrincipal(caller, ctx);
      // A stateless 2025 request's instance is gone once it answered: nothing could ever be pushed.
      if (caller.surface === 'http' && !ctx.sessionId) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidRequest,
          'resources/subscribe needs a session with a notification stream: this server runs stateless (MCP_MODE=stateless). ' +
            'Use protocol 2026-07-28 subscriptions/listen, or ask the operator for MCP_MODE=stateful.',
        );
      }
      await this.catalog.assertReadable(principal, request.params.uri);
      await this.subscriptions.add(server, principal, request.params.uri);
      return {};
    });
    server.setRequestHandler('resources/unsubscribe', async (request) => {
      await this.subscriptions.remove(server, request.params.uri);
      return {};
    });
    if (caller.surface === 'stdio') this.subscriptions.watchProcess(server, caller);
  }
}
