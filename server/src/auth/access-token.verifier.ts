import type { Principal } from '../common/auth/principal.js';

/**
 * Turns a bearer token into the caller, or throws `DomainError` code `unauthenticated`
 * (always the same error, whatever check failed). The guard and the MCP transport depend
 * only on this class, so another issuer (an OIDC provider's JWKS, Supabase Auth) can be
 * plugged in by providing a different implementation.
 */
export abstract class AccessTokenVerifier {
  abstract verify(token: string): Promise<Principal>;
}

