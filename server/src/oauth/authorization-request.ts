import { z } from 'zod';
import type { Scope } from '../common/auth/principal.js';
import type { OAuthClientInfo } from './oauth-clients.js';
import { grantableScopes } from './oauth-scopes.js';
import { matchesRegisteredRedirect } from './redirect-uri.js';

/** An authorization request that passed every check: what the login and consent forms carry. */
export interface AuthorizationRequest {
  clientId: string;
  clientName: string;
  redirectUri: string;
  state?: string;
  codeChallenge: string;
  scopes: Scope[];
  resource: string;
  issuer: string;
}

// Query parameters arrive as strings; a repeated one arrives as an array and is refused.
const param = z.string().max(2000).optional();
export const AuthorizeQuery = z.looseObject({
  response_type: param,
  client_id: param,
  redirect_uri: param,
  state: param,
  scope: param,
  code_challenge: param,
  code_challenge_method: param,
  resource: param,
});
export type AuthorizeQuery = z.infer<typeof AuthorizeQuery>;

// RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters.
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export type RedirectError = { redirectUri: string; state?: string; error: string; description: string };

/**
 * The checks of RFC 6749 §4.1.2.1, in its order: once client and redirect URI are known to
 * be good, every other problem is sent back to the client; before that, it is only shown.
 */
export function checkRedirectTarget(query: AuthorizeQuery, client: OAuthClientInfo): string {
  const requested = query.redirect_uri;
  if (requested === undefined) {
    // OAuth 2.1 §4.1.1: optional only when exactly one URI is registered.
    if (client.redirectUris.length === 1) return client.redirectUris[0]!;
    throw new PageError('The request has no redirect_uri, and the application registered several. Start the connection again from the application.');
  }
  if (!matchesRegisteredRedirect(requested, client.redirectUris)) {
    throw new PageError('The redirect_uri is not one the application registered, so we will not send you there. Start the connection again from the application.');
  }
  return requested;
}

export function checkAuthorizationRequest(
  query: AuthorizeQuery,
  client: OAuthClientInfo,
  redirectUri: string,
  server: { issuer: string; resource: string },
): AuthorizationRequest | RedirectError {
  const fail = (error: string, description: string): RedirectError => ({
    redirectUri,
    ...(query.state !== undefined ? { state: query.state } : {}),
    error,
    description,
  });
  if (query.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be "code".');
  if (query.code_challenge === undefined) return fail('invalid_request', 'code_challenge is required: PKCE with S256.');
  if (query.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be "S256"; "plain" is not supported.');
  if (!S256_CHALLENGE.test(query.code_challenge)) return fail('invalid_request', 'code_challenge must be the 43-character base64url SHA-256 of the verifier.');
  const scopes = grantableScopes(query.scope);
  if (!scopes) return fail('invalid_scope', 'Request crm:read and/or crm:write.');
  const resource = query.resource ?? server.resource;
  if (resource !== server.resource) return fail('invalid_target', `resource must be ${server.resource}.`);
  return {
    clientId: client.clientId,
    clientName: client.name,
    redirectUri,
    ...(query.state !== undefined ? { state: query.state } : {}),
    codeChallenge: query.code_challenge,
    scopes,
    resource,
    issuer: server.issuer,
  };
}

/** A problem shown on our own page, because the redirect target is not (yet) trusted. */
export class PageError extends Error {
  override name = 'PageError';
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

/** The client's redirect URI with the response parameters, `iss` always included (RFC 9207). */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.href;
}
