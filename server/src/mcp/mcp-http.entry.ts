import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  createMcpHandler,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { rpcErrorResponse, SERVER_ERROR } from './json-rpc-http.js';
import { httpCaller } from './mcp-http-caller.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { McpSessionRegistry } from './mcp-session.registry.js';

/**
 * Serves an authenticated request on both protocol generations, through the official SDK:
 * 2026-07-28 (a `_meta` envelope on every request) by the SDK's `createMcpHandler`, and the
 * 2025 revisions by the SDK's Streamable HTTP transport, per request (stateless, the
 * default) or per session (MCP_MODE=stateful). Every request gets its own server instance
 * (per session when stateful), so no client ever shares request ids, pending requests or
 * cancellations with another one.
 */
@Injectable()
export class McpHttpEntry implements OnApplicationShutdown {
  private readonly logger = new Logger('McpHttp');
  private readonly stateless: boolean;
  // Built once at boot: the SDK's modern entry, with its subscription bus.
  readonly modern: McpHttpHandler;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(McpServerFactory) private readonly factory: McpServerFactory,
    @Inject(McpSessionRegistry) private readonly sessions: McpSessionRegistry,
  ) {
    this.stateless = config.MCP_MODE === 'stateless';
    this.modern = createMcpHandler(() => factory.create(httpCaller), {
      // 2025-era traffic is routed below, so legacy JSON answers and sessions stay ours to choose.
      legacy: 'reject',
      // Refusals (bad headers, unsupported versions) are answered to the client; a log line each is noise.
      onerror: (error) => this.logger.debug(`MCP request refused or failed: ${error.message}`),
    });
  }

  async serve(request: Request, parsedBody: unknown, authInfo: AuthInfo): Promise<Response> {
    if (!(await isLegacyRequest(request, parsedBody))) return this.modern.fetch(request, { authInfo, parsedBody });
    if (!this.stateless) return this.sessions.handle(request, parsedBody, authInfo);
    return this.serveLegacyStateless(request, parsedBody, authInfo);
  }

  /** One 2025-era request, one instance, one JSON answer: the SDK's stateless recipe. */
  private async serveLegacyStateless(request: Request, parsedBody: unknown, authInfo: AuthInfo): Promise<Response> {
    if (request.method !== 'POST') {
      return rpcErrorResponse(405, SERVER_ERROR, 'Method Not Allowed: this server is stateless (MCP_MODE=stateless); use POST.', { Allow: 'POST' });
    }
    const server = this.factory.create(httpCaller);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, { authInfo, parsedBody });
    } finally {
      void server.close();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.modern.close();
  }
}
