import { Inject, Injectable } from '@nestjs/common';
import { decodeProtectedHeader } from 'jose';
import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AccessTokenVerifier } from './access-token.verifier.js';
import { LocalJwtVerifier } from './local-jwt.verifier.js';
import { OAUTH_ACCESS_TOKEN_TYPE, OAuthAccessTokens } from './oauth-access-tokens.js';

/**
 * Every bearer credential we accept, dispatched by its shape: a JWT whose header says
 * `typ: at+jwt` is an OAuth access token (verified against its grant), any other JWT goes
 * the first-party fast path. Each verifier checks its own signature, so the header only
 * chooses which checks run, never whether they run.
 */
@Injectable()
export class CredentialVerifier implements AccessTokenVerifier {
  constructor(
    @Inject(LocalJwtVerifier) private readonly firstParty: LocalJwtVerifier,
    @Inject(OAuthAccessTokens) private readonly oauth: OAuthAccessTokens,
  ) {}

  verify(token: string): Promise<Principal> {
    return typeOf(token) === OAUTH_ACCESS_TOKEN_TYPE ? this.oauth.verify(token) : this.firstParty.verify(token);
  }
}

function typeOf(token: string): string | undefined {
  try {
    return decodeProtectedHeader(token).typ;
  } catch {
    throw DomainError.unauthenticated();
  }
}
