import { z } from 'zod';
import type { ProblemDetails } from '../common/errors/problem-details.js';

// Exhaustive on purpose: a new error code that is not listed here fails type-checking.
const CODES: Record<ProblemDetails['code'], true> = {
  validation_failed: true,
  unauthenticated: true,
  forbidden: true,
  not_found: true,
  conflict: true,
  payload_too_large: true,
  unsupported_media_type: true,
  invalid_transition: true,
  precondition_failed: true,
  rate_limited: true,
  unavailable: true,
  internal_error: true,
  route_not_found: true,
};

/** The body of every REST error (RFC 9457), as problem-details.ts renders it. */
export const ProblemDetailsSchema = z
  .object({
    type: z.string().describe('URI naming the problem type.'),
    title: z.string().describe('Short summary of the problem type.'),
    status: z.number().int().describe('HTTP status code.'),
    detail: z.string().describe('What went wrong with this request, in words a person or a model can act on.'),
    instance: z.string().optional().describe('Path of the request that failed.'),
    code: z.enum(Object.keys(CODES) as [ProblemDetails['code'], ...ProblemDetails['code'][]]).describe('Stable machine-readable error code.'),
    errors: z
      .array(z.object({ path: z.string().describe('Dotted path of the bad field.'), message: z.string().describe('Why it was refused.') }))
      .optional()
      .describe('For validation_failed: every bad field.'),
    allowed: z.array(z.string()).optional().describe('For invalid_transition: the states the record may move to.'),
    field: z.string().optional().describe('For conflict: the field whose value is already taken.'),
    currentVersion: z.number().int().optional()
      .describe('For precondition_failed: the record\'s version now (also sent as the ETag header).'),
  })
  .meta({ id: 'ProblemDetails' });

/** Error responses an operation may declare, keyed by status, registered once as components. */
export const ERROR_RESPONSES = {
  400: { id: 'ValidationFailed', description: 'The input was refused; `errors` lists every bad field with its path.' },
  401: { id: 'Unauthenticated', description: 'Missing, expired or invalid bearer token.' },
  404: { id: 'NotFound', description: 'No such record in your tenant (another tenant\'s id answers the same way).' },
  409: { id: 'Conflict', description: 'A unique value is already taken; `field` names it.' },
  412: {
    id: 'PreconditionFailed',
    description: 'If-Match named an older version: someone changed the record since you read it. `currentVersion` and the ETag header give its version now; nothing was written.',
  },
  422: { id: 'InvalidTransition', description: 'The state change is not allowed; `allowed` lists the next states.' },
  429: { id: 'RateLimited', description: 'Too many requests; retry after the `Retry-After` header.' },
  500: { id: 'InternalError', description: 'Unexpected server failure; nothing was written.' },
  503: { id: 'Unavailable', description: 'The database cannot be reached right now (restart, failover); retry after the `Retry-After` header.' },
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;
