import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Principal } from '../common/auth/principal.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { isRecordChange, type RecordChange, type RecordKind, type RecordRef } from './record-change.js';

export type RecordChangeListener = (change: RecordChange) => void;

/** Which records a write touched: its result's id under one kind, or a list worked out from the result. */
export type Touched<T> = RecordKind | ((result: T) => RecordRef[]);

/**
 * Who changed what, for whoever watches (MCP resource subscriptions). Services announce
 * a write once it committed; listeners in this process hear it at once. With REDIS_URL
 * every change also goes through one Redis channel, so the listeners of every other
 * instance hear it too. Each change carries its tenant: filtering by tenant is the
 * listener's job, and every listener in this codebase does it (ADR 0028).
 */
@Injectable()
export class RecordChangeBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RecordChanges');
  private readonly listeners = new Set<RecordChangeListener>();
  // Our own messages come back from Redis; the origin id lets us skip them.
  private readonly origin = randomUUID();
  private readonly channel: string;
  private publisher?: Redis;
  private subscriber?: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.channel = `${config.REDIS_KEY_PREFIX}:record-changes`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.REDIS_URL) return;
    // No offline queue: a write never waits on Redis; while it is away, changes reach only this instance.
    this.publisher = new Redis(this.config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.subscriber = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 1 });
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}; record changes stay on this instance until it is back.`));
    }
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    // Subscribed before the app serves anything, so no change from another instance is missed.
    await this.subscriber.subscribe(this.channel).catch((error: Error) => {
      this.logger.warn(`Could not subscribe to ${this.channel} (${error.message}); only this instance's changes will be heard.`);
    });
  }

  /** Awaits a write, announces the records it touched once it committed, and returns its result. */
  async after<T>(principal: Pick<Principal, 'tenantId'>, touched: Touched<T>, write: Promise<T>): Promise<T> {
    const result = await write;
    const refs = typeof touched === 'function' ? touched(result) : [{ kind: touched, id: (result as { id: string }).id }];
    for (const ref of refs) this.publish({ tenantId: principal.tenantId, kind: ref.kind, id: ref.id });
    return result;
  }

  publish(change: RecordChange): void {
    this.deliver(change);
    if (this.publisher?.status === 'ready') {
      this.publisher.publish(this.channel, JSON.stringify({ origin: this.origin, change })).catch((error: Error) => {
        this.logger.warn(`Could not publish a record change to Redis: ${error.message}`);
      });
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: RecordChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const connection of [this.subscriber, this.publisher]) {
      if (!connection) continue;
      if (connection.status === 'ready') await connection.quit().catch(() => undefined);
      connection.disconnect();
    }
  }

  private receive(message: string): void {
    let parsed: { origin?: unknown; change?: unknown };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.origin === this.origin || !isRecordChange(parsed.change)) return;
    const { tenantId, kind, id } = parsed.change;
    this.deliver({ tenantId, kind, id });
  }

  private deliver(change: RecordChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // One broken listener must not keep the change from the others, nor fail the write.
        this.logger.error(`A record-change listener failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }
}
