import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/**
 * Where failure counters live. By default in this process's memory, which needs nothing
 * installed. With REDIS_URL, in Redis, so every instance of a scaled-out deployment counts
 * the same failures; if Redis cannot be reached, each limiter falls back to memory rather
 * than refusing or waving through every sign-in.
 */
@Injectable()
export class RateLimitStore implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis?: Redis;
  private readonly prefix: string;
  private redisDownReported = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.REDIS_KEY_PREFIX;
    if (!config.REDIS_URL) return;
    // No offline queue: while Redis is away a command fails at once and the memory
    // fallback answers, instead of a sign-in waiting on a reconnect.
    this.redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('ready', () => {
      this.redisDownReported = false;
    });
    this.redis.on('error', (error: Error) => {
      if (this.redisDownReported) return;
      this.redisDownReported = true;
      this.logger.warn(`Redis is unreachable (${error.message}); sign-in throttling counts in memory until it is back.`);
    });
  }

  limiter(options: LimiterOptions): RateLimiterAbstract {
    const memory = new RateLimiterMemory(options);
    if (!this.redis) return memory;
    return new RateLimiterRedis({
      ...options,
      keyPrefix: `${this.prefix}:${options.keyPrefix}`,
      storeClient: this.redis,
      insuranceLimiter: memory,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}
