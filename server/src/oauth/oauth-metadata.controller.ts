import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ALL_SCOPES } from '../common/auth/principal.js';
import { Operation, Public } from '../common/http/zod-route.decorators.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { oauthEndpoints } from './oauth-endpoints.js';

/**
 * Discovery documents at the origin's root: protected resource metadata for /api/mcp
 * (RFC 9728) and authorization server metadata (RFC 8414, and the OpenID path clients also
 * probe). Every URL in them is the one this request's client used (see public-url.ts).
 */
@Controller('.well-known')
export class OAuthMetadataController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('oauth-protected-resource/api/mcp')
  @Public()
  @Operation({ summary: 'Protected resource metadata of the MCP endpoint (RFC 9728).' })
  @Header('Access-Control-Allow-Origin', '*')
  protectedResource(@Req() request: FastifyRequest) {
    return this.resourceMetadata(request);
  }

  @Get('oauth-protected-resource')
  @Public()
  @Operation({ summary: 'Protected resource metadata at the root (RFC 9728): the MCP endpoint is the one resource.' })
  @Header('Access-Control-Allow-Origin', '*')
  protectedResourceAtRoot(@Req() request: FastifyRequest) {
    return this.resourceMetadata(request);
  }

  @Get('oauth-authorization-server')
  @Public()
  @Operation({ summary: 'Authorization server metadata (RFC 8414).' })
  @Header('Access-Control-Allow-Origin', '*')
  authorizationServer(@Req() request: FastifyRequest) {
    return this.serverMetadata(request);
  }

  @Get('openid-configuration')
  @Public()
  @Operation({ summary: 'The authorization server metadata at the OpenID discovery path, which MCP clients also probe.' })
  @Header('Access-Control-Allow-Origin', '*')
  openIdConfiguration(@Req() request: FastifyRequest) {
    return this.serverMetadata(request);
  }

  private resourceMetadata(request: FastifyRequest) {
    const endpoints = oauthEndpoints(this.config, request);
    return {
      resource: endpoints.resource,
      authorization_servers: [endpoints.issuer],
      scopes_supported: ALL_SCOPES,
      bearer_methods_supported: ['header'],
      resource_name: 'Synapse CRM',
    };
  }

  private serverMetadata(request: FastifyRequest) {
    const endpoints = oauthEndpoints(this.config, request);
    return {
      issuer: endpoints.issuer,
      authorization_endpoint: endpoints.authorize,
      token_endpoint: endpoints.token,
      registration_endpoint: endpoints.register,
      revocation_endpoint: endpoints.revoke,
      scopes_supported: ALL_SCOPES,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    };
  }
}
