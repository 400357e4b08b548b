import type { DomainError, DomainErrorCode } from './domain-error.js';

/** RFC 9457 problem details, as every REST error body. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: DomainErrorCode | 'internal_error' | 'route_not_found';
  errors?: { path: string; message: string }[];
  allowed?: string[];
  field?: string;
  currentVersion?: number;
}

const PROBLEM_BASE = 'https://synapse-crm.dev/problems/';

export function httpStatusOf(code: DomainErrorCode): number {
  switch (code) {
    case 'validation_failed': return 400;
    case 'unauthenticated': return 401;
    case 'forbidden': return 403;
    case 'not_found': return 404;
    case 'conflict': return 409;
    case 'precondition_failed': return 412;
    case 'payload_too_large': return 413;
    case 'unsupported_media_type': return 415;
    case 'invalid_transition': return 422;
    case 'rate_limited': return 429;
    case 'unavailable': return 503;
    default: {
      const unhandled: never = code;
      throw new Error(`Unmapped domain error code ${String(unhandled)}`);
    }
  }
}

const TITLES: Record<DomainErrorCode, string> = {
  validation_failed: 'Validation failed',
  unauthenticated: 'Unauthenticated',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  invalid_transition: 'Invalid state transition',
  precondition_failed: 'Precondition failed',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
};

export function problemOf(error: DomainError, instance?: string): ProblemDetails {
  const { errors, allowed, field, currentVersion } = error.details;
  return {
    type: PROBLEM_BASE + error.code.replace(/_/g, '-'),
    title: TITLES[error.code],
    status: httpStatusOf(error.code),
    detail: error.message,
    ...(instance ? { instance } : {}),
    code: error.code,
    ...(errors ? { errors } : {}),
    ...(allowed ? { allowed } : {}),
    ...(field ? { field } : {}),
    ...(currentVersion === undefined ? {} : { currentVersion }),
  };
}

export function internalProblem(instance?: string): ProblemDetails {
  return {
    type: PROBLEM_BASE + 'internal-error',
    title: 'Internal server error',
    status: 500,
    detail: 'Something went wrong on our side. The request was not completed; it is safe to retry.',
    ...(instance ? { instance } : {}),
    code: 'internal_error',
  };
}
