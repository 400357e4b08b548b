import type { INestApplication } from '@nestjs/common';
import { AccessTokenVerifier } from '../../server/src/auth/access-token.verifier.js';
import type { Principal, Scope } from '../../server/src/common/auth/principal.js';
import { DomainError } from '../../server/src/common/errors/domain-error.js';

/**
 * A test-only wrapper around the app's real verifier, for credentials this branch cannot
 * mint yet (read-only API keys, OAuth tokens): `readonly:<token>` is the token's user with
 * only `crm:read`; `oauth:<resource>|<token>` is an OAuth token issued for `resource`;
 * `down:` is a verifier whose database is unreachable. Everything else goes to the real one.
 */
export function installTestCredentials(app: INestApplication): void {
  const verifier = app.get(AccessTokenVerifier);
  const real = verifier.verify.bind(verifier);
  verifier.verify = async (token: string): Promise<Principal> => {
    if (token.startsWith('readonly:')) return { ...(await real(token.slice('readonly:'.length))), scopes: ['crm:read'] as Scope[] };
    if (token.startsWith('oauth:')) {
      const [resource, inner] = token.slice('oauth:'.length).split('|') as [string, string];
      return { ...(await real(inner)), credential: { kind: 'oauth', resource, clientId: 'test-client' } };
    }
    if (token === 'down:') throw new DomainError('unavailable' as never, 'The database is unavailable.', { retryAfterSeconds: 7 });
    return real(token);
  };
}
