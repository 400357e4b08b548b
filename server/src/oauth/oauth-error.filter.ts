import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { OAuthProtocolError } from './oauth-protocol-error.js';

/**
 * Error answers of the OAuth protocol endpoints, as RFC 6749 §5.2 spells them. Bad bodies
 * (unreadable, wrong media type, too large) become invalid_request; bugs stay a bare 500.
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuth');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    const oauthError = error instanceof OAuthProtocolError ? error : fromOther(error);
    if (!oauthError) this.logger.error({ err: error }, 'Unhandled error');
    const status = oauthError?.status ?? 500;
    const body = oauthError
      ? { error: oauthError.error, error_description: oauthError.description }
      : { error: 'server_error', error_description: 'The server failed to answer. Try again later.' };
    if (oauthError?.retryAfterSeconds) void reply.header('Retry-After', String(oauthError.retryAfterSeconds));
    if (status === 401) void reply.header('WWW-Authenticate', 'Basic realm="synapse"');
    void reply
      .status(status)
      .header('Cache-Control', 'no-store')
      .header('Pragma', 'no-cache')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(body));
  }
}

function fromOther(error: unknown): OAuthProtocolError | undefined {
  const domainError = toDomainError(error);
  if (!domainError) return undefined;
  if (domainError.code === 'payload_too_large') return new OAuthProtocolError('invalid_request', domainError.message, 413);
  if (domainError.code === 'unsupported_media_type') {
    return new OAuthProtocolError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded.', 415);
  }
  if (domainError.code === 'rate_limited') return new OAuthProtocolError('temporarily_unavailable', domainError.message, 429, domainError.details.retryAfterSeconds);
  return new OAuthProtocolError('invalid_request', domainError.message);
}
