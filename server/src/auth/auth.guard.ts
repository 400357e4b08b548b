import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { withOrigin } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { IS_PUBLIC } from '../common/http/zod-route.decorators.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { PRINCIPAL_KEY, type RequestWithPrincipal } from './current-principal.decorator.js';

const OAUTH_TOKEN_ON_REST =
  'This OAuth access token was issued for the MCP endpoint (/api/mcp) only. For the REST API, sign in (POST /api/auth/sign-in) and send that access token.';

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const token = bearerTokenOf(request.headers.authorization);
    if (!token) throw DomainError.unauthenticated();
    const principal = await this.verifier.verify(token);
    // RFC 8707 audience restriction: an OAuth access token's audience is the MCP endpoint,
    // so the REST API refuses it (a client holding one got it for MCP and nothing else).
    if (principal.credential.kind === 'oauth') throw DomainError.unauthenticated(OAUTH_TOKEN_ON_REST);
    request[PRINCIPAL_KEY] = withOrigin(principal, { channel: 'rest', transport: 'http', requestId: request.id });
    return true;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header ?? '');
  return match?.[1];
}
