import { Inject, Injectable } from '@nestjs/common';
import { looksLikeApiKey } from '../api-keys/api-key-format.js';
import type { Principal } from '../common/auth/principal.js';
import type { AccessTokenVerifier } from './access-token.verifier.js';
import { ApiKeyVerifier } from './api-key.verifier.js';
import { LocalJwtVerifier } from './local-jwt.verifier.js';
import { OAuthAccessTokens } from './oauth-access-tokens.js';

/**
 * The AccessTokenVerifier bound in AuthModule: every bearer credential we accept, dispatched
 * by its shape, so REST and MCP accept every kind through one call. API keys carry a fixed
 * prefix; a JWT with the header our OAuth access tokens carry (`typ: at+jwt`) is verified
 * against its grant; any other token goes the first-party fast path. Each verifier checks its
 * own signature and audience, so the shape only chooses which checks run, never whether they
 * run. The shape tests are string prefix comparisons: parsing every header would cost ~7 µs
 * per request.
 */
@Injectable()
export class CredentialVerifier implements AccessTokenVerifier {
  constructor(
    @Inject(LocalJwtVerifier) private readonly firstParty: LocalJwtVerifier,
    @Inject(ApiKeyVerifier) private readonly apiKeys: ApiKeyVerifier,
    @Inject(OAuthAccessTokens) private readonly oauth: OAuthAccessTokens,
  ) {}

  verify(token: string): Promise<Principal> {
    if (looksLikeApiKey(token)) return this.apiKeys.verify(token);
    return this.oauth.hasOurShape(token) ? this.oauth.verify(token) : this.firstParty.verify(token);
  }
}
