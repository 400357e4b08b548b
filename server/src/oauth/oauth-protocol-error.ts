/**
 * An error of the OAuth protocol endpoints (token, registration, revocation). Their wire
 * format is fixed by RFC 6749 §5.2 and RFC 7591 §3.2.2 (`{error, error_description}`), which
 * OAuth clients parse, so these never become problem+json; everything else stays DomainError.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'temporarily_unavailable';

export class OAuthProtocolError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
    this.name = 'OAuthProtocolError';
  }
}
