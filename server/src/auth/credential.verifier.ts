import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import type { AccessTokenVerifier } from './access-token.verifier.js';
import { LocalJwtVerifier } from './local-jwt.verifier.js';
import { OAuthAccessTokens } from './oauth-access-tokens.js';

/**
 * Every bearer credential we accept, dispatched by its shape: a JWT with the header our OAuth
 * access tokens carry (`typ: at+jwt`) is verified against its grant, any other token goes the
 * first-party fast path. Each verifier checks its own signature and audience, so the shape
 * only chooses which checks run, never whether they run. The shape test is a string prefix
 * comparison: parsing every header would cost ~7 µs per request.
 */
@Injectable()
export class CredentialVerifier implements AccessTokenVerifier {
  constructor(
    @Inject(LocalJwtVerifier) private readonly firstParty: LocalJwtVerifier,
    @Inject(OAuthAccessTokens) private readonly oauth: OAuthAccessTokens,
  ) {}

  verify(token: string): Promise<Principal> {
    return this.oauth.hasOurShape(token) ? this.oauth.verify(token) : this.firstParty.verify(token);
  }
}
