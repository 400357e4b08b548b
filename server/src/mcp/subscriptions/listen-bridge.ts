import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RecordChangeBus } from '../../events/record-change.bus.js';
import { McpHttpEntry } from '../mcp-http.entry.js';
import { resourceUriOf } from '../resources/resource-uri.js';

/**
 * Feeds every record change to this instance's 2026-07-28 HTTP listen streams, whose URI
 * filters ListenFilter narrowed to what their callers can read.
 */
@Injectable()
export class ListenBridge implements OnModuleInit, OnModuleDestroy {
  private stop?: () => void;

  constructor(
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
    @Inject(McpHttpEntry) private readonly entry: McpHttpEntry,
  ) {}

  onModuleInit(): void {
    this.stop = this.changes.subscribe((change) => this.entry.modern.notify.resourceUpdated(resourceUriOf(change)));
  }

  onModuleDestroy(): void {
    this.stop?.();
  }
}
