import { Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ErrorFormat } from '../common/errors/error-formats.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { OAUTH_PATHS } from './oauth-endpoints.js';
import { OAuthProtocolError } from './oauth-protocol-error.js';

const PROTOCOL_PATHS = new Set<string>([OAUTH_PATHS.token, OAUTH_PATHS.register, OAUTH_PATHS.revoke]);
const logger = new Logger('OAuth');

/**
 * Errors of the OAuth protocol endpoints, as RFC 6749 §5.2 spells them. Bad bodies
 * (unreadable, wrong media type, too large) become invalid_request; bugs a bare server_error.
 */
export const oauthErrorFormat: ErrorFormat = {
  matches: (path) => PROTOCOL_PATHS.has(path),
  send(error: unknown, reply: FastifyReply): void {
    if (reply.sent) return;
    const oauthError = error instanceof OAuthProtocolError ? error : fromOther(error);
    if (!oauthError) logger.error({ err: error }, 'Unhandled error');
    const status = oauthError?.status ?? 500;
    const body = oauthError
      ? { error: oauthError.error, error_description: oauthError.description }
      : { error: 'server_error', error_description: 'The server failed to answer. Try again later.' };
    if (oauthError?.retryAfterSeconds) void reply.header('Retry-After', String(oauthError.retryAfterSeconds));
    void reply
      .status(status)
      .header('Cache-Control', 'no-store')
      .header('Pragma', 'no-cache')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(body));
  },
};

function fromOther(error: unknown): OAuthProtocolError | undefined {
  const domainError = toDomainError(error);
  if (!domainError) return undefined;
  switch (domainError.code) {
    case 'payload_too_large':
      return new OAuthProtocolError('invalid_request', domainError.message, 413);
    case 'unsupported_media_type':
      return new OAuthProtocolError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded (registration: application/json).', 415);
    case 'rate_limited':
      return new OAuthProtocolError('temporarily_unavailable', domainError.message, 429, domainError.details.retryAfterSeconds);
    case 'not_found':
      return undefined;
    default:
      return new OAuthProtocolError('invalid_request', domainError.message);
  }
}
