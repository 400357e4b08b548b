import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';

/** Where the auth guard leaves the verified caller on the request. */
export const PRINCIPAL_KEY = 'principal';

export type RequestWithPrincipal = { [PRINCIPAL_KEY]?: Principal };

/** The caller verified by the global auth guard: `handler(@CurrentPrincipal() principal: Principal)`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>()[PRINCIPAL_KEY];
  // Only reachable if a @Public() route asks for a principal: a programming error, but fail closed.
  if (!principal) throw DomainError.unauthenticated();
  return principal;
});
