import type { McpSessionStore, SessionRecord } from './mcp-session.store.js';

interface Entry {
  readonly record: SessionRecord;
  readonly uris: Set<string>;
  lastSeen: number;
}

/** Sessions of this process only (no REDIS_URL): several instances need sticky routing. */
export class MemorySessionStore implements McpSessionStore {
  readonly shared = false;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly idleMs: number) {}

  async create(id: string, record: SessionRecord): Promise<void> {
    this.entries.set(id, { record, uris: new Set(), lastSeen: Date.now() });
  }

  async touch(id: string): Promise<SessionRecord | undefined> {
    const entry = this.live(id);
    if (entry) entry.lastSeen = Date.now();
    return entry?.record;
  }

  async delete(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async subscribe(id: string, uri: string): Promise<void> {
    this.live(id)?.uris.add(uri);
  }

  async unsubscribe(id: string, uri: string): Promise<void> {
    this.live(id)?.uris.delete(uri);
  }

  async isSubscribed(id: string, uri: string): Promise<boolean> {
    return this.live(id)?.uris.has(uri) ?? false;
  }

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry && Date.now() - entry.lastSeen > this.idleMs) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }
}
