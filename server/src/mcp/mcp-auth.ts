import { Inject, Injectable } from '@nestjs/common';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { AccessTokenVerifier } from '../auth/access-token.verifier.js';
import { bearerTokenOf } from '../auth/auth.guard.js';
import type { Principal } from '../common/auth/principal.js';
import { toDomainError } from '../common/errors/to-domain-error.js';

export type McpCaller =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal; token: string }
  /** A token (or Authorization header) was sent but does not verify: answer 401. */
  | { kind: 'rejected' };

/** Bearer authentication for MCP requests, with the very verifier the REST guard uses. */
@Injectable()
export class McpAuth {
  constructor(@Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier) {}

  async authenticate(authorization: string | undefined): Promise<McpCaller> {
    if (authorization === undefined) return { kind: 'anonymous' };
    const token = bearerTokenOf(authorization);
    if (!token) return { kind: 'rejected' };
    return this.verify(token);
  }

  async verify(token: string): Promise<McpCaller> {
    try {
      return { kind: 'authenticated', principal: await this.verifier.verify(token), token };
    } catch (error) {
      if (toDomainError(error)?.code === 'unauthenticated') return { kind: 'rejected' };
      throw error;
    }
  }
}

/** Same user in the same tenant: what a session's later requests must keep presenting. */
export function sameIdentity(a: Principal, b: Principal): boolean {
  return a.userId === b.userId && a.tenantId === b.tenantId;
}

interface RequestIdentity {
  principal?: Principal;
  clientKey: string;
}

/** The transport hands `req.auth` to handlers as `extra.authInfo`; this is what we put there. */
export function authInfoOf(caller: McpCaller, clientKey: string): AuthInfo {
  const identity: RequestIdentity = { clientKey, ...(caller.kind === 'authenticated' ? { principal: caller.principal } : {}) };
  return { token: caller.kind === 'authenticated' ? caller.token : '', clientId: clientKey, scopes: [], extra: { identity } };
}

export function requestIdentityOf(authInfo: AuthInfo | undefined): RequestIdentity | undefined {
  return authInfo?.extra?.identity as RequestIdentity | undefined;
}
