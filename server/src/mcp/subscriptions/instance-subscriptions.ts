import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Server, ServerContext } from '@modelcontextprotocol/server';
import type { Principal } from '../../common/auth/principal.js';
import type { RecordChange } from '../../events/record-change.js';
import { RecordChangeBus } from '../../events/record-change.bus.js';
import type { McpCaller } from '../mcp-feature.js';
import { resourceUriOf } from '../resources/resource-uri.js';

const MODERN = '2026-07-28';

interface Watcher {
  /** The tenant whose changes this instance may hear; fixed by its first subscription. */
  tenantId?: string;
  /** Legacy resources/subscribe: the URIs this instance asked for. */
  readonly uris: Set<string>;
  /** Stdio: the process's one caller, asked for its tenant when a change arrives. */
  readonly processCaller?: McpCaller;
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

  constructor(@Inject(RecordChangeBus) bus: RecordChangeBus) {
    this.stopListening = bus.subscribe((change) => void this.deliver(change));
  }

  /** Legacy resources/subscribe, after the caller proved it can read the URI. */
  add(server: Server, principal: Principal, uri: string): void {
    const watcher = this.watcherOf(server);
    watcher.tenantId = principal.tenantId;
    watcher.uris.add(uri);
  }

  remove(server: Server, uri: string): void {
    this.watchers.get(server)?.uris.delete(uri);
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
      const wanted = watcher.uris.has(uri) || (watcher.processCaller !== undefined && server.getNegotiatedProtocolVersion() === MODERN);
      if (!wanted || (await this.tenantOf(watcher)) !== change.tenantId) continue;
      server.sendResourceUpdated({ uri }).catch((error: Error) => this.logger.debug(`resources/updated not sent: ${error.message}`));
    }
  }

  private async tenantOf(watcher: Watcher): Promise<string | undefined> {
    if (!watcher.processCaller) return watcher.tenantId;
    // A stdio process has one caller, whatever the request: its principal needs no request context.
    const principal = await watcher.processCaller.principal({} as ServerContext).catch(() => undefined);
    return principal?.tenantId;
  }
}
