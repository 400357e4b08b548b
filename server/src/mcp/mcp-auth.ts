import { Inject, Injectable } from '@nestjs/common';
import type { AuthInfo } from '@modelcontextprotocol/server';
import { AccessTokenVerifier } from '../auth/access-token.verifier.js';
import { bearerTokenOf } from '../auth/auth.guard.js';
import { ALL_SCOPES, type Principal } from '../common/auth/principal.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { mcpResourceUrl, publicBaseUrl } from '../common/http/public-url.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { EVERY_TOOL, type ToolSelection } from './toolsets/toolsets.js';

/** What one HTTP request to /api/mcp presents, decided once, before anything else runs. */
export type McpAdmission =
  | { kind: 'admitted'; principal: Principal; token: string }
  /** No credential, or one that does not verify: 401 with the Bearer challenge. */
  | { kind: 'challenge'; invalidToken: boolean }
  /** The credential could not be checked now (database down): 503 with Retry-After. */
  | { kind: 'unavailable'; retryAfterSeconds: number };

const DEFAULT_RETRY_AFTER_SECONDS = 5;
const SCOPE_LIST = ALL_SCOPES.join(' ');

/**
 * The one rule for who calls over HTTP: the bearer credential on this request, checked on
 * every request by the verifier REST uses. A session id is never a credential, and an OAuth
 * token counts only when it was issued for this very endpoint (RFC 8707 audience).
 */
@Injectable()
export class McpAuth {
  constructor(
    @Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async admit(authorization: string | undefined, host: string | undefined): Promise<McpAdmission> {
    const token = authorization === undefined ? undefined : bearerTokenOf(authorization);
    if (!token) return { kind: 'challenge', invalidToken: authorization !== undefined };
    const verified = await this.verify(token);
    if (verified.kind !== 'admitted') return verified;
    const { credential } = verified.principal;
    if (credential.kind === 'oauth' && credential.resource !== mcpResourceUrl(this.config, host)) {
      return { kind: 'challenge', invalidToken: true };
    }
    return verified;
  }

  /** The verifier's answer in MCP terms; also what the stdio entry uses for its key or token. */
  async verify(token: string): Promise<McpAdmission> {
    try {
      return { kind: 'admitted', principal: await this.verifier.verify(token), token };
    } catch (error) {
      const domainError = toDomainError(error);
      if (domainError?.code === 'unauthenticated') return { kind: 'challenge', invalidToken: true };
      // `unavailable` (the database is down) is a DomainError code of the health work; compared
      // as text so this file does not depend on which branch added it.
      if ((domainError?.code as string | undefined) === 'unavailable') {
        return { kind: 'unavailable', retryAfterSeconds: domainError?.details.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS };
      }
      throw error;
    }
  }

  /** `WWW-Authenticate` for a 401 (RFC 6750 §3, RFC 9728 §5.1) or a step-up 403 (MCP authorization). */
  challenge(host: string | undefined, error?: 'invalid_token' | 'insufficient_scope'): string {
    const metadata = `${publicBaseUrl(this.config, host)}/.well-known/oauth-protected-resource/api/mcp`;
    return `Bearer ${error ? `error="${error}", ` : ''}resource_metadata="${metadata}", scope="${SCOPE_LIST}"`;
  }
}

/** Same user in the same tenant: who may use a stateful session after opening it. */
export function sameSubject(a: Principal, b: Principal): boolean {
  return a.userId === b.userId && a.tenantId === b.tenantId;
}

/** The SDK hands `authInfo` to the server factory and to every handler; the principal rides in `extra`. */
export function authInfoOf(principal: Principal, token: string, clientKey: string, selection: ToolSelection = EVERY_TOOL): AuthInfo {
  return { token, clientId: clientKey, scopes: [...principal.scopes], extra: { principal, selection } };
}

/** The same request with another toolset selection (a stateful session keeps the one it started with). */
export function withSelection(authInfo: AuthInfo, selection: ToolSelection): AuthInfo {
  return { ...authInfo, extra: { ...authInfo.extra, selection } };
}

export function selectionOf(authInfo: AuthInfo | undefined): ToolSelection {
  return (authInfo?.extra?.selection as ToolSelection | undefined) ?? EVERY_TOOL;
}

export function principalOf(authInfo: AuthInfo | undefined): Principal | undefined {
  return authInfo?.extra?.principal as Principal | undefined;
}
