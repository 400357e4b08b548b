import { Redis } from 'ioredis';
import type { McpSessionStore, SessionRecord } from './mcp-session.store.js';

/**
 * Sessions in Redis, seen by every instance: the record (JSON) and its subscribed URIs (a
 * set), both expiring after the idle time, which every use restarts. A session id is never
 * a credential: the registry checks the request's own credential and the record's subject.
 */
export class RedisSessionStore implements McpSessionStore {
  readonly shared = true;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly idleMs: number,
  ) {}

  async create(id: string, record: SessionRecord): Promise<void> {
    await this.redis.set(this.recordKey(id), JSON.stringify(record), 'PX', this.idleMs);
  }

  async touch(id: string): Promise<SessionRecord | undefined> {
    const results = await this.redis
      .multi()
      .get(this.recordKey(id))
      .pexpire(this.recordKey(id), this.idleMs)
      .pexpire(this.urisKey(id), this.idleMs)
      .exec();
    const [error, text] = results?.[0] ?? [];
    if (error) throw error;
    return typeof text === 'string' ? (JSON.parse(text) as SessionRecord) : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.recordKey(id), this.urisKey(id));
  }

  async subscribe(id: string, uri: string): Promise<void> {
    await this.redis.multi().sadd(this.urisKey(id), uri).pexpire(this.urisKey(id), this.idleMs).exec();
  }

  async unsubscribe(id: string, uri: string): Promise<void> {
    await this.redis.srem(this.urisKey(id), uri);
  }

  async isSubscribed(id: string, uri: string): Promise<boolean> {
    return (await this.redis.sismember(this.urisKey(id), uri)) === 1;
  }

  /** Nest calls this at shutdown (the store is a provider). */
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private recordKey(id: string): string {
    return `${this.prefix}:mcp-session:${id}`;
  }

  private urisKey(id: string): string {
    return `${this.prefix}:mcp-session:${id}:uris`;
  }
}
