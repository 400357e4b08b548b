import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { IS_PUBLIC } from '../common/http/zod-route.decorators.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { PRINCIPAL_KEY, type RequestWithPrincipal } from './current-principal.decorator.js';

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
    request[PRINCIPAL_KEY] = await this.verifier.verify(token);
    return true;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header ?? '');
  return match?.[1];
}
