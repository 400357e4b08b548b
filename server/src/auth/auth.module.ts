import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { MembersModule } from '../members/members.module.js';
import { AccessTokenIssuer } from './access-token.issuer.js';
import { AccountService } from './account.service.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { ApiKeyVerifier } from './api-key.verifier.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { CredentialVerifier } from './credential.verifier.js';
import { JWT_KEYS, loadJwtKeys } from './jwt-keys.js';
import { LocalJwtVerifier } from './local-jwt.verifier.js';
import { OAuthAccessTokens } from './oauth-access-tokens.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokens } from './refresh-tokens.js';
import { RateLimitStore } from './rate-limit-store.js';
import { SignInThrottle } from './sign-in-throttle.js';

@Module({
  imports: [MembersModule],
  controllers: [AuthController],
  providers: [
    { provide: JWT_KEYS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadJwtKeys(config) },
    // Dispatches by token shape (API key, OAuth access token or first-party JWT); add a
    // branch there to accept tokens from another issuer. The guard and MCP stay as they are.
    { provide: AccessTokenVerifier, useClass: CredentialVerifier },
    LocalJwtVerifier,
    ApiKeyVerifier,
    OAuthAccessTokens,
    { provide: APP_GUARD, useClass: AuthGuard },
    AccessTokenIssuer,
    AuthService,
    AccountService,
    PasswordHasher,
    RefreshTokens,
    RateLimitStore,
    SignInThrottle,
  ],
  exports: [AccessTokenVerifier, AccessTokenIssuer, AuthService, PasswordHasher, OAuthAccessTokens, RateLimitStore, JWT_KEYS],
})
export class AuthModule {}
