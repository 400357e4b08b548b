import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Server, ServerContext } from '@modelcontextprotocol/server';
import type { Principal } from '../../common/auth/principal.js';
import type { RecordChange } from '../../events/record-change.js';
import { RecordChangeBus } from '../../events/record-change.bus.js';
import type { McpCaller } from '../mcp-feature.js';
import { resourceUriOf } from '../resources/resource-uri.js';
import { MCP_SESSION_STORE, type McpSessionStore } from '../sessions/mcp-session.store.js';

const MODERN = '2026-07-28';

interface Watcher {
  /** The tenant whose changes this instance may hear; fixed by its first subscription. */
  tenantId?: string;
  /** Legacy resources/subscribe: the URIs this instance asked for. */
  readonly uris: Set<string>;
  /** Stdio: the process's one caller, asked for its tenant when a change arrives. */
  readonly processCaller?: McpCaller;
  /** A legacy HTTP session: its subscriptions are in the session store, whichever instance took them. */
  readonly sessionId?: string;
}

/**
 * Record changes for long-lived server instances: a legacy stateful HTTP session or a stdio
 * connection. Such an instance pushes `notifications/resources/updated` itself; the HTTP
 * 2026-07-28 streams are fed by ListenBridge instead. An instance hears only its own
 * tenant's changes: the tenant is checked on every delivery, and every subscribed URI was
 * readable by the caller when it subscribed.
 */
@Injectable()
export class InstanceSubscriptions implements OnModuleDestroy {
  private readonly logger = new Logger('McpSubscriptions');
  private readonly watchers = new Map<Server, Watcher>();
  private readonly stopListening: () => void;

  constructor(
    @Inject(RecordChangeBus) bus: RecordChangeBus,
    @Inject(MCP_SESSION_STORE) private readonly sessions: McpSessionStore,
  ) {
    this.stopListening = bus.subscribe((change) => void this.deliver(change));
  }

  /** Legacy resources/subscribe, after the caller proved it can read the URI. */
  async add(server: Server, principal: Principal, uri: string): Promise<void> {
    const watcher = this.watcherOf(server);
    if (watcher.sessionId) {
      await this.sessions.subscribe(watcher.sessionId, uri);
      return;
    }
    watcher.tenantId = principal.tenantId;
    watcher.uris.add(uri);
  }

  async remove(server: Server, uri: string): Promise<void> {
    const watcher = this.watchers.get(server);
    if (watcher?.sessionId) await this.sessions.unsubscribe(watcher.sessionId, uri);
    watcher?.uris.delete(uri);
  }

  /**
   * A legacy HTTP session served by this instance (opened here or taken up from another).
   * Whichever instance holds its GET stream delivers; the others' sends find no stream.
   */
  watchSession(server: Server, sessionId: string, tenantId: string): void {
    this.watchers.set(server, { uris: new Set(), sessionId, tenantId });
  }

  /**
   * A stdio instance: on 2026-07-28 its subscriptions/listen streams are kept by the SDK,
   * which filters by URI; we forward every change of the process's tenant to it.
   */
  watchProcess(server: Server, caller: McpCaller): void {
    this.watchers.set(server, { uris: new Set(), processCaller: caller });
  }

  get size(): number {
    return this.watchers.size;
  }

  onModuleDestroy(): void {
    this.stopListening();
    this.watchers.clear();
  }

  private watcherOf(server: Server): Watcher {
    let watcher = this.watchers.get(server);
    if (!watcher) {
      watcher = { uris: new Set() };
      this.watchers.set(server, watcher);
    }
    return watcher;
  }

  private async deliver(change: RecordChange): Promise<void> {
    const uri = resourceUriOf(change);
    for (const [server, watcher] of this.watchers) {
      // A closed instance has no transport any more: forget it.
      if (!server.transport) {
        this.watchers.delete(server);
        continue;
      }
      if ((await this.tenantOf(watcher)) !== change.tenantId || !(await this.wants(watcher, server, uri))) continue;
      server.sendResourceUpdated({ uri }).catch((error: Error) => this.logger.debug(`resources/updated not sent: ${error.message}`));
    }
  }

  private async wants(watcher: Watcher, server: Server, uri: string): Promise<boolean> {
    if (watcher.sessionId) {
      return this.sessions.isSubscribed(watcher.sessionId, uri).catch((error: Error) => {
        this.logger.debug(`Session subscriptions unreadable: ${error.message}`);
        return false;
      });
    }
    return watcher.uris.has(uri) || (watcher.processCaller !== undefined && server.getNegotiatedProtocolVersion() === MODERN);
  }

  private async tenantOf(watcher: Watcher): Promise<string | undefined> {
    if (!watcher.processCaller) return watcher.tenantId;
    // A stdio process has one caller, whatever the request: its principal needs no request context.
    const principal = await watcher.processCaller.principal({} as ServerContext).catch(() => undefined);
    return principal?.tenantId;
  }
}
