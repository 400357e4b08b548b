import { Inject, Injectable } from '@nestjs/common';
import { looksLikeApiKey } from '../api-keys/api-key-format.js';
import type { Principal } from '../common/auth/principal.js';
import type { AccessTokenVerifier } from './access-token.verifier.js';
import { ApiKeyVerifier } from './api-key.verifier.js';
import { LocalJwtVerifier } from './local-jwt.verifier.js';

/**
 * The AccessTokenVerifier bound in AuthModule: picks the verifier by the token's shape, so
 * REST and MCP accept every kind of bearer credential through one call. API keys carry a
 * fixed prefix; everything else goes to the first-party JWT path, unchanged and fast.
 */
@Injectable()
export class CredentialVerifier implements AccessTokenVerifier {
  constructor(
    @Inject(LocalJwtVerifier) private readonly accessTokens: LocalJwtVerifier,
    @Inject(ApiKeyVerifier) private readonly apiKeys: ApiKeyVerifier,
  ) {}

  verify(token: string): Promise<Principal> {
    return looksLikeApiKey(token) ? this.apiKeys.verify(token) : this.accessTokens.verify(token);
  }
}
