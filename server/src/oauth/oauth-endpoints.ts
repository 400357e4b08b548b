import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config.schema.js';
import { mcpResourceUrl, publicBaseUrl } from '../common/http/public-url.js';

/** Paths of the authorization server, under the API prefix. The issuer is the bare origin. */
export const OAUTH_PATHS = {
  authorize: '/api/oauth/authorize',
  token: '/api/oauth/token',
  register: '/api/oauth/register',
  revoke: '/api/oauth/revoke',
} as const;

export interface OAuthEndpoints {
  issuer: string;
  resource: string;
  authorize: string;
  token: string;
  register: string;
  revoke: string;
}

/**
 * Every URL the authorization server names, as seen by this request's client: the issuer
 * and the MCP resource must match what the client typed (PUBLIC_URL, or the loopback name).
 */
export function oauthEndpoints(config: AppConfig, request: FastifyRequest): OAuthEndpoints {
  const issuer = publicBaseUrl(config, request.headers.host);
  return {
    issuer,
    resource: mcpResourceUrl(config, request.headers.host),
    authorize: `${issuer}${OAUTH_PATHS.authorize}`,
    token: `${issuer}${OAUTH_PATHS.token}`,
    register: `${issuer}${OAUTH_PATHS.register}`,
    revoke: `${issuer}${OAUTH_PATHS.revoke}`,
  };
}
