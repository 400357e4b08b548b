import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import { DomainError } from './domain-error.js';
import { domainErrorFromPrisma } from './prisma-errors.js';
import { validationErrorOf } from './zod-issues.js';

/** Normalises anything thrown into a DomainError, or undefined for a genuine bug. */
export function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof ZodError) return validationErrorOf(error);
  const fromPrisma = domainErrorFromPrisma(error);
  if (fromPrisma) return fromPrisma;
  if (error instanceof HttpException) return fromHttpException(error);
  // body-parser errors carry a status but are not HttpExceptions.
  const status = (error as { status?: number; type?: string })?.status;
  if (status === 413) return new DomainError('payload_too_large', 'The request body is larger than the server accepts.');
  if (status === 400 && (error as { type?: string }).type === 'entity.parse.failed') {
    return DomainError.validation([{ path: '', message: 'Request body is not valid JSON.' }]);
  }
  return undefined;
}

function fromHttpException(error: HttpException): DomainError | undefined {
  switch (error.getStatus()) {
    case 400: return DomainError.validation([{ path: '', message: error.message }]);
    case 401: return DomainError.unauthenticated();
    case 403: return DomainError.forbidden(error.message);
    case 404: return DomainError.notFound('Resource');
    case 413: return new DomainError('payload_too_large', 'The request body is larger than the server accepts.');
    case 429: return new DomainError('rate_limited', error.message);
    default: return undefined;
  }
}
