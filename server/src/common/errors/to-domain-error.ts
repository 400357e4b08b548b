import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import { isConnectionFailure } from './connection-errors.js';
import { DomainError } from './domain-error.js';
import { domainErrorFromPrisma } from './prisma-errors.js';
import { validationErrorOf } from './zod-issues.js';

// A restart of PostgreSQL took well under a second here; a client waiting 2 s finds it back.
const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Normalises anything thrown into a DomainError, or undefined for a genuine bug. */
export function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof ZodError) return validationErrorOf(error);
  // Before Prisma's codes: a connection failure can arrive inside any Prisma error class.
  if (isConnectionFailure(error)) return DomainError.unavailable(DATABASE_RETRY_AFTER_SECONDS);
  const fromPrisma = domainErrorFromPrisma(error);
  if (fromPrisma) return fromPrisma;
  if (error instanceof HttpException) return fromBodyParser(codeOf(error.cause)) ?? fromHttpException(error);
  return fromBodyParser(codeOf(error));
}

function fromHttpException(error: HttpException): DomainError | undefined {
  switch (error.getStatus()) {
    case 400: return DomainError.validation([{ path: '', message: error.message }]);
    case 401: return DomainError.unauthenticated();
    case 403: return DomainError.forbidden(error.message);
    case 404: return DomainError.notFound('Resource');
    case 413: return new DomainError('payload_too_large', 'The request body is larger than the server accepts.');
    case 415: return new DomainError('unsupported_media_type', 'Send the request body as application/json.');
    case 429: return new DomainError('rate_limited', error.message);
    default: return undefined;
  }
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | undefined)?.code;
}

/** Fastify's body-parser failures (they reach the filters wrapped in an HttpException). */
function fromBodyParser(code: unknown): DomainError | undefined {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('payload_too_large', 'The request body is larger than the server accepts.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return DomainError.validation([{ path: '', message: 'Request body is not valid JSON.' }]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return DomainError.validation([{ path: '', message: 'Content-Length does not match the body.' }]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('unsupported_media_type', 'Send the request body as application/json.');
    default:
      return undefined;
  }
}
