import type { ClientCapabilities, Implementation } from '@modelcontextprotocol/server';

/** What any instance needs to serve a legacy session it did not open. */
export interface SessionRecord {
  /** The subject that opened it: the only one who may use it. */
  readonly userId: string;
  readonly tenantId: string;
  /** What initialize negotiated, replayed when another instance takes the session up. */
  readonly protocolVersion: string;
  readonly clientInfo: Implementation;
  readonly capabilities: ClientCapabilities;
}

/**
 * Where legacy stateful sessions live: in this process, or in Redis, so that any instance
 * serves any session and a load balancer need not be sticky (ADR 0033). Reading a session
 * counts as activity: it restarts the idle clock.
 */
export interface McpSessionStore {
  /** True when other instances see the same sessions (Redis). */
  readonly shared: boolean;
  create(id: string, record: SessionRecord): Promise<void>;
  /** The live session, its idle clock restarted; undefined when unknown or idled out. */
  touch(id: string): Promise<SessionRecord | undefined>;
  delete(id: string): Promise<void>;
  /** Legacy resources/subscribe of the session, whichever instance received it. */
  subscribe(id: string, uri: string): Promise<void>;
  unsubscribe(id: string, uri: string): Promise<void>;
  isSubscribed(id: string, uri: string): Promise<boolean>;
}

export const MCP_SESSION_STORE = Symbol('MCP_SESSION_STORE');
