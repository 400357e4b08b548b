import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../common/auth/principal.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DirectTransport } from './direct-transport.js';
import { requestIdentityOf, sameIdentity } from './mcp-auth.js';
import { McpServerFactory, type McpConnection } from './mcp-server.factory.js';

export interface McpSession {
  /** The SDK transport: initialize, notifications, the GET stream and DELETE. */
  readonly transport: StreamableHTTPServerTransport;
  /** The same Server's fast path for POSTed requests. */
  readonly direct: DirectTransport;
  readonly server: Server;
  /** Who calls on this session: what tools/call on the fast path runs as. */
  readonly connection: McpConnection;
  /** First identity seen on the session; later requests must present the same one. */
  owner?: Principal;
  /** Set by auth_sign_in: requests without a token then act as this principal. */
  signedIn?: Principal;
  lastSeen: number;
}

/** Stateful MCP sessions in this process, closed after MCP_SESSION_IDLE_SECONDS without a request. */
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

  /** A session in the making: it is registered once its initialize request succeeds. */
  async open(owner: Principal | undefined): Promise<McpSession> {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      enableJsonResponse: true,
      onsessioninitialized: (id) => void this.sessions.set(id, session),
      onsessionclosed: (id) => void this.sessions.delete(id),
    });
    const connection: McpConnection = {
      principalFor: (authInfo) => requestIdentityOf(authInfo)?.principal ?? session.signedIn,
      clientKeyFor: (authInfo) => requestIdentityOf(authInfo)?.clientKey ?? 'mcp',
      bind: (principal) => {
        if (session.owner && !sameIdentity(session.owner, principal)) return false;
        session.owner = principal;
        session.signedIn = principal;
        return true;
      },
    };
    const server = this.factory.create(connection);
    const direct = new DirectTransport(transport);
    const session: McpSession = { transport, direct, server, connection, owner, lastSeen: Date.now() };
    direct.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(direct);
    return session;
  }

  /** The live session with this id, or undefined (unknown, deleted or idled out). */
  get(id: string): McpSession | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (Date.now() - session.lastSeen > this.idleMs) {
      void this.close(id);
      return undefined;
    }
    session.lastSeen = Date.now();
    return session;
  }

  get size(): number {
    return this.sessions.size;
  }

  async close(id: string): Promise<void> {
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
