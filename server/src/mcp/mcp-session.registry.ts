import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { isInitializeRequest, type AuthInfo, type Server, WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../common/auth/principal.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { rpcErrorResponse, SERVER_ERROR, SESSION_NOT_FOUND } from './json-rpc-http.js';
import { principalOf, selectionOf, withSelection } from './mcp-auth.js';
import { httpCaller } from './mcp-http-caller.js';
import { McpServerFactory } from './mcp-server.factory.js';
import { MCP_SESSION_STORE, type McpSessionStore, type SessionRecord } from './sessions/mcp-session.store.js';
import { InstanceSubscriptions } from './subscriptions/instance-subscriptions.js';
import { parseToolsets, type ToolSelection } from './toolsets/toolsets.js';

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
 * notification stream. The session's record lives in the session store (this process, or
 * Redis with REDIS_URL); the SDK server and transport serving it live in whichever instance
 * the request reached, taken up from the record when that instance has none yet (ADR 0033).
 * A session is never a credential: every request is authenticated first, and a session
 * answers only to the subject that opened it.
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
    @Inject(MCP_SESSION_STORE) private readonly store: McpSessionStore,
    @Inject(InstanceSubscriptions) private readonly subscriptions: InstanceSubscriptions,
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
    let record: SessionRecord | undefined;
    try {
      record = await this.store.touch(id);
    } catch (error) {
      this.logger.warn(`Session store unreachable: ${String(error)}`);
      return rpcErrorResponse(503, SERVER_ERROR, 'Sessions are unavailable for a moment (the session store is unreachable). Retry shortly.');
    }
    if (!record) {
      // Ended or idled out, perhaps on another instance: this instance's copy goes too.
      void this.close(id);
      return notFound();
    }
    // Another subject's session answers exactly like a missing one: an id reveals nothing.
    if (record.userId !== principal.userId || record.tenantId !== principal.tenantId) return notFound();
    const session = this.sessions.get(id) ?? (await this.takeUp(id, record, authInfo, principal));
    session.lastSeen = Date.now();
    return session.transport.handleRequest(request, { authInfo: withSelection(authInfo, session.selection), parsedBody });
  }

  /**
   * For a plain tools/call answered past the SDK (ADR 0055): the live session's toolsets and
   * the client its handshake named, when `id` is a live session of this subject; undefined
   * otherwise, and the SDK path answers (404, 503). Touching it keeps the session alive, as
   * any request does.
   */
  async forDirectCall(id: string, principal: Principal): Promise<{ selection: ToolSelection; clientInfo: SessionRecord['clientInfo'] } | undefined> {
    const record = await this.store.touch(id).catch(() => undefined);
    if (!record || record.userId !== principal.userId || record.tenantId !== principal.tenantId) return undefined;
    const local = this.sessions.get(id);
    if (local) local.lastSeen = Date.now();
    return { selection: local?.selection ?? selectionFrom(record), clientInfo: record.clientInfo };
  }

  get size(): number {
    return this.sessions.size;
  }

  private async open(request: Request, parsedBody: unknown, authInfo: AuthInfo, owner: Principal): Promise<Response> {
    const server = this.factory.create(httpCaller);
    let opened: string | undefined;
    const selection = selectionOf(authInfo);
    const transport = this.transportFor(server, owner, selection, randomUUID, (id) => { opened = id; });
    await server.connect(transport);
    const response = await transport.handleRequest(request, { authInfo, parsedBody });
    // A refused initialize never registers its session: release it.
    if (!opened) {
      await server.close();
      return response;
    }
    await this.store.create(opened, {
      userId: owner.userId,
      tenantId: owner.tenantId,
      protocolVersion: server.getNegotiatedProtocolVersion()!,
      clientInfo: server.getClientVersion()!,
      capabilities: server.getClientCapabilities() ?? {},
      toolsets: selection.key,
    });
    return response;
  }

  /**
   * Serves, on this instance, a session another instance opened: a new SDK server is brought
   * to the state the session's initialize left it in, by replaying that initialize (the
   * negotiated revision, the client's info and capabilities) under the same session id.
   */
  private async takeUp(id: string, record: SessionRecord, authInfo: AuthInfo, owner: Principal): Promise<McpSession> {
    const server = this.factory.create(httpCaller);
    const selection = selectionFrom(record);
    const transport = this.transportFor(server, owner, selection, () => id);
    await server.connect(transport);
    const replay = (body: unknown, headers: Record<string, string> = {}) =>
      transport.handleRequest(
        new Request('http://localhost/api/mcp', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        }),
        { authInfo, parsedBody: body },
      );
    const initialized = await replay({
      jsonrpc: '2.0',
      id: 'take-up',
      method: 'initialize',
      params: { protocolVersion: record.protocolVersion, capabilities: record.capabilities, clientInfo: record.clientInfo },
    });
    if (!initialized.ok) throw new Error(`Taking up session ${id} failed: initialize answered ${initialized.status}.`);
    await replay({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': id, 'mcp-protocol-version': record.protocolVersion });
    return this.sessions.get(id)!;
  }

  private transportFor(server: Server, owner: Principal, selection: ToolSelection, sessionIdGenerator: () => string, onOpened?: (id: string) => void) {
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator,
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        this.sessions.set(id, { transport, server, owner, selection, lastSeen: Date.now() });
        this.subscriptions.watchSession(server, id, owner.tenantId);
        onOpened?.(id);
      },
      // DELETE by the client: the session ends everywhere.
      onsessionclosed: (id) => {
        this.sessions.delete(id);
        void this.store.delete(id).catch((error: unknown) => this.logger.warn(`Deleting session failed: ${String(error)}`));
      },
    });
    return transport;
  }

  private async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    await session?.server.close().catch((error: unknown) => this.logger.warn(`Closing session failed: ${String(error)}`));
  }

  /** This instance's idle copies; the store keeps (and expires) the session itself. */
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

/** The toolsets a session chose when it opened, as its record keeps them. */
function selectionFrom(record: SessionRecord): ToolSelection {
  const parsed = parseToolsets(record.toolsets);
  return 'selection' in parsed ? parsed.selection : selectionOf(undefined);
}

function notFound(): Response {
  return rpcErrorResponse(404, SESSION_NOT_FOUND, 'Session not found: it ended or expired. Start a new one with initialize.');
}
