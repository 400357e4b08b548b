import { Body, Controller, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitStore } from '../auth/rate-limit-store.js';
import { Operation, Public } from '../common/http/zod-route.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { ClientRegistrationInput, MAX_REGISTRATION_BYTES } from './client-registration.schemas.js';
import { OAuthClients } from './oauth-clients.js';
import { OAuthProtocolError } from './oauth-protocol-error.js';

/** Dynamic Client Registration (RFC 7591): open, public clients only, limited per client IP. */
@Controller('oauth/register')
export class OAuthRegistrationController {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    @Inject(OAuthClients) private readonly clients: OAuthClients,
    @Inject(RateLimitStore) store: RateLimitStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limiter = store.limiter({ keyPrefix: 'oauth-register', points: config.OAUTH_REGISTRATIONS_PER_HOUR, duration: 3600 });
  }

  @Post()
  @Public()
  @Operation({
    summary: 'Register an OAuth client (RFC 7591)',
    description: 'Public clients with HTTPS or loopback redirect URIs (any port on loopback). Answers 201 with the client_id.',
    status: 201,
  })
  async register(@Body() body: unknown, @Req() request: FastifyRequest) {
    if (Number(request.headers['content-length'] ?? 0) > MAX_REGISTRATION_BYTES) {
      throw new OAuthProtocolError('invalid_client_metadata', `The registration request is larger than ${MAX_REGISTRATION_BYTES} bytes.`, 413);
    }
    await this.limiter.consume(request.ip ?? 'unknown').catch((rejection: unknown) => {
      const wait = rejection instanceof RateLimiterRes ? Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) : 60;
      throw new OAuthProtocolError('temporarily_unavailable', `Too many client registrations from this address. Try again in ${wait} seconds.`, 429, wait);
    });
    const parsed = ClientRegistrationInput.safeParse(body ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
      const aboutRedirects = parsed.error.issues.every((issue) => issue.path[0] === 'redirect_uris');
      throw new OAuthProtocolError(aboutRedirects ? 'invalid_redirect_uri' : 'invalid_client_metadata', `Invalid client metadata. ${issues.join('; ')}.`);
    }
    const client = await this.clients.register(parsed.data);
    return {
      client_id: client.clientId,
      client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
      client_name: client.name,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...(parsed.data.scope ? { scope: parsed.data.scope } : {}),
    };
  }
}
