import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Operation, Public } from '../common/http/zod-route.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { oauthEndpoints } from './oauth-endpoints.js';
import { OAuthProtocolError } from './oauth-protocol-error.js';
import { OAuthTokensService } from './oauth-tokens.service.js';
import { AuthorizationCodeGrant, RefreshTokenGrant, RevocationRequest, type TokenResponse } from './token.schemas.js';

/** The token endpoint (RFC 6749 §3.2) and the revocation endpoint (RFC 7009). */
@Controller('oauth')
export class OAuthTokenController {
  constructor(
    @Inject(OAuthTokensService) private readonly tokens: OAuthTokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('token')
  @Public()
  @Operation({
    summary: 'Exchange an authorization code or a refresh token (OAuth 2.1)',
    description: 'Form parameters. authorization_code needs code_verifier (PKCE S256); refresh tokens rotate on every use.',
    status: 200,
  })
  async token(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponse> {
    void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    const { issuer } = oauthEndpoints(this.config, request);
    const grantType = (body as { grant_type?: unknown } | undefined)?.grant_type;
    if (grantType === 'authorization_code') return this.tokens.exchangeCode(parse(AuthorizationCodeGrant, body), issuer);
    if (grantType === 'refresh_token') return this.tokens.refresh(parse(RefreshTokenGrant, body), issuer);
    if (grantType === undefined) throw new OAuthProtocolError('invalid_request', 'grant_type is required.');
    throw new OAuthProtocolError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
  }

  @Post('revoke')
  @Public()
  @HttpCode(200)
  @Operation({ summary: 'Revoke a refresh or access token and its whole grant (RFC 7009)', status: 200 })
  async revoke(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, never>> {
    void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    const input = parse(RevocationRequest, body);
    await this.tokens.revoke(input.token, input.client_id);
    return {};
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  throw new OAuthProtocolError('invalid_request', `Invalid request. ${issues.join('; ')}.`);
}
