import { Inject, Injectable } from '@nestjs/common';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { RateLimitStore } from './rate-limit-store.js';

// One client may fail across several accounts before it is stopped too (password spraying).
const CLIENT_FAILURE_FACTOR = 4;
// Attempts on one account from every client together (guessing spread over many addresses).
// High, so that one client's burst stays far below it.
const ACCOUNT_FAILURE_FACTOR = 20;
// How long a client that signed in successfully stays exempt from the account-wide limit.
// Under 24.8 days: the memory store expires keys with setTimeout, whose limit is 2^31 ms.
const KNOWN_CLIENT_SECONDS = 20 * 24 * 3600;

/** What a sign-in attempt consumed, so that a success can hand it back. */
export interface SignInAttempt {
  readonly email: string;
  readonly clientKey: string;
  readonly countedOnAccount: boolean;
}

/**
 * Sign-in throttling after OWASP's authentication and credential-stuffing advice (ADR 0020).
 * Every attempt takes a point from three budgets BEFORE the password is checked, atomically
 * in the store, so concurrent attempts cannot all slip past a read-then-write check:
 * - this account from this client (SIGN_IN_MAX_FAILURES): stops guessing one password;
 * - this client across accounts (4x): stops spraying one password over many accounts;
 * - this account from every client (20x): stops guessing spread over many addresses, but
 *   never applies to a client that has signed in to the account before, so an attacker
 *   elsewhere cannot lock the owner out of their own client.
 * A success hands its points back and clears this account-and-client budget.
 * Unknown emails are counted exactly like known ones.
 */
@Injectable()
export class SignInThrottle {
  private readonly byAccountAndClient: RateLimiterAbstract;
  private readonly byClient: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;
  private readonly knownClients: RateLimiterAbstract;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(RateLimitStore) store: RateLimitStore) {
    const duration = config.SIGN_IN_FAILURE_WINDOW_SECONDS;
    const points = config.SIGN_IN_MAX_FAILURES;
    this.byAccountAndClient = store.limiter({ keyPrefix: 'sign-in-account-client', points, duration });
    this.byClient = store.limiter({ keyPrefix: 'sign-in-client', points: points * CLIENT_FAILURE_FACTOR, duration });
    this.byAccount = store.limiter({ keyPrefix: 'sign-in-account', points: points * ACCOUNT_FAILURE_FACTOR, duration });
    this.knownClients = store.limiter({ keyPrefix: 'sign-in-known-client', points: 1, duration: KNOWN_CLIENT_SECONDS });
  }

  /** Takes this attempt's points, or throws rate_limited when a budget is spent. */
  async begin(email: string, clientKey: string): Promise<SignInAttempt> {
    const pair = pairKey(email, clientKey);
    const countedOnAccount = (await this.knownClients.get(pair)) === null;
    const outcomes = await Promise.allSettled([
      this.byAccountAndClient.consume(pair),
      this.byClient.consume(clientKey),
      ...(countedOnAccount ? [this.byAccount.consume(email)] : []),
    ]);
    const waits: number[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      // consume() rejects with a RateLimiterRes when over the limit, with an Error when the store fails.
      if (!(outcome.reason instanceof RateLimiterRes)) throw outcome.reason;
      waits.push(outcome.reason.msBeforeNext);
    }
    if (waits.length > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
      throw new DomainError(
        'rate_limited',
        `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds.`,
        { retryAfterSeconds },
      );
    }
    return { email, clientKey, countedOnAccount };
  }

  /** The attempt succeeded: its points go back, and this client is known to this account. */
  async succeeded(attempt: SignInAttempt): Promise<void> {
    const pair = pairKey(attempt.email, attempt.clientKey);
    await Promise.all([
      this.byAccountAndClient.delete(pair),
      this.byClient.reward(attempt.clientKey, 1),
      ...(attempt.countedOnAccount ? [this.byAccount.reward(attempt.email, 1)] : []),
      this.knownClients.set(pair, 1, KNOWN_CLIENT_SECONDS),
    ]);
  }
}

// Emails cannot contain a newline, so the pair key is unambiguous.
function pairKey(email: string, clientKey: string): string {
  return `${email}\n${clientKey}`;
}
