import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { isInitializeRequest, type AuthInfo, type Server, WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../common/auth/principal.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { rpcErrorResponse, SERVER_ERROR, SESSION_NOT_FOUND } from './json-rpc-http.js';
import { principalOf, sameSubject, selectionOf, withSelection } from './mcp-auth.js';
import { httpCaller } from './mcp-http-caller.js';
import { McpServerFactory } from './mcp-server.factory.js';
import type { ToolSelection } from './toolsets/toolsets.js';

interface McpSession {
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly server: Server;
  /** The subject that opened it: the only one who may use it (with a valid credential each time). */
  readonly owner: Principal;
  /** The toolsets chosen on the initialize request's URL: bound for the session's life. */
  readonly selection: ToolSelection;
  lastSeen: number;
}

/**
 * Legacy (2025-era) stateful sessions, MCP_MODE=stateful only: for clients that want the GET
 * notification stream. A session lives in this process, so several instances need sticky
 * routing on `Mcp-Session-Id`. A session is never a credential: every request is
 * authenticated first, and a session answers only to the subject that opened it.
 */
@Injectable()
export class McpSessionRegistry implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('McpSessions');
  private readonly sessions = new Map<string, McpSession>();
  private readonly idleMs: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(McpServerFactory) private readonly factory: McpServerFactory,
  ) {
    this.idleMs = config.MCP_SESSION_IDLE_SECONDS * 1000;
    this.sweeper = setInterval(() => this.sweep(), Math.min(this.idleMs, 60_000) / 2);
    this.sweeper.unref();
  }

  async handle(request: Request, parsedBody: unknown, authInfo: AuthInfo): Promise<Response> {
    const principal = principalOf(authInfo)!;
    const id = request.headers.get('mcp-session-id');
    if (!id) {
      if (request.method === 'POST' && isInitializeRequest(parsedBody)) return this.open(request, parsedBody, authInfo, principal);
      return rpcErrorResponse(400, SERVER_ERROR, 'Bad Request: Mcp-Session-Id header is required; send initialize first.');
    }
    const session = this.live(id);
    // Another subject's session answers exactly like a missing one: an id reveals nothing.
    if (!session || !sameSubject(session.owner, principal)) {
      return rpcErrorResponse(404, SESSION_NOT_FOUND, 'Session not found: it ended or expired. Start a new one with initialize.');
    }
    session.lastSeen = Date.now();
    return session.transport.handleRequest(request, { authInfo: withSelection(authInfo, session.selection), parsedBody });
  }

  get size(): number {
    return this.sessions.size;
  }

  private async open(request: Request, parsedBody: unknown, authInfo: AuthInfo, owner: Principal): Promise<Response> {
    const server = this.factory.create(httpCaller);
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      enableJsonResponse: true,
      onsessioninitialized: (id) =>
        void this.sessions.set(id, { transport, server, owner, selection: selectionOf(authInfo), lastSeen: Date.now() }),
      onsessionclosed: (id) => void this.sessions.delete(id),
    });
    await server.connect(transport);
    const response = await transport.handleRequest(request, { authInfo, parsedBody });
    // A refused initialize never registers its session: release it.
    if (!transport.sessionId) await server.close();
    return response;
  }

  /** The live session with this id, or undefined (unknown, deleted or idled out). */
  private live(id: string): McpSession | undefined {
    const session = this.sessions.get(id);
    if (session && Date.now() - session.lastSeen > this.idleMs) {
      void this.close(id);
      return undefined;
    }
    return session;
  }

  private async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    await session?.server.close().catch((error: unknown) => this.logger.warn(`Closing session failed: ${String(error)}`));
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) {
      if (now - session.lastSeen > this.idleMs) void this.close(id);
    }
  }

  /**
   * Before the HTTP server drains: a notification stream never ends on its own, so it
   * would hold the drain forever. Requests in flight still finish; sessions close after.
   */
  beforeApplicationShutdown(): void {
    for (const session of this.sessions.values()) session.transport.closeStandaloneSSEStream();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }
}
