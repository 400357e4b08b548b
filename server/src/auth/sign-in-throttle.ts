import { Inject, Injectable } from '@nestjs/common';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { RateLimitStore } from './rate-limit-store.js';

// One client (IP) may fail for several accounts before it is stopped too.
const CLIENT_FAILURE_FACTOR = 4;

/**
 * Counts failed sign-ins per email and per client; once either is over the limit, every
 * attempt is refused until the window passes. Keyed the same for known and unknown emails.
 */
@Injectable()
export class SignInThrottle {
  private readonly byEmail: RateLimiterAbstract;
  private readonly byClient: RateLimiterAbstract;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(RateLimitStore) store: RateLimitStore) {
    const duration = config.SIGN_IN_FAILURE_WINDOW_SECONDS;
    this.byEmail = store.limiter({ keyPrefix: 'sign-in-email', points: config.SIGN_IN_MAX_FAILURES, duration });
    this.byClient = store.limiter({
      keyPrefix: 'sign-in-client',
      points: config.SIGN_IN_MAX_FAILURES * CLIENT_FAILURE_FACTOR,
      duration,
    });
  }

  async assertAllowed(email: string, clientKey: string): Promise<void> {
    const [emailState, clientState] = await Promise.all([this.byEmail.get(email), this.byClient.get(clientKey)]);
    const blocked = [
      exhausted(emailState, this.byEmail.points),
      exhausted(clientState, this.byClient.points),
    ].filter((ms): ms is number => ms !== undefined);
    if (blocked.length > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...blocked) / 1000));
      throw new DomainError(
        'rate_limited',
        `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds.`,
        { retryAfterSeconds },
      );
    }
  }

  async recordFailure(email: string, clientKey: string): Promise<void> {
    // consume() rejects once the limit is passed; the next assertAllowed reports it.
    await Promise.allSettled([this.byEmail.consume(email), this.byClient.consume(clientKey)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byEmail.delete(email);
  }
}

/** Milliseconds until the key may try again, or undefined when it still has attempts. */
function exhausted(state: RateLimiterRes | null, points: number): number | undefined {
  return state && state.consumedPoints >= points ? state.msBeforeNext : undefined;
}
