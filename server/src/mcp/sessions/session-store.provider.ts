import type { Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { MCP_SESSION_STORE, type McpSessionStore } from './mcp-session.store.js';
import { MemorySessionStore } from './memory-session.store.js';
import { RedisSessionStore } from './redis-session.store.js';

/**
 * Sessions go to Redis when there are sessions (MCP_MODE=stateful) and a Redis to share
 * them through; otherwise they stay in the process, and several instances need sticky routing.
 */
export const sessionStoreProvider: Provider = {
  provide: MCP_SESSION_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): McpSessionStore => {
    const idleMs = config.MCP_SESSION_IDLE_SECONDS * 1000;
    if (config.MCP_MODE !== 'stateful' || !config.REDIS_URL) return new MemorySessionStore(idleMs);
    // No offline queue: while Redis is away a session request fails fast with 503, not after a hang.
    const redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    return new RedisSessionStore(redis, config.REDIS_KEY_PREFIX, idleMs);
  },
};
