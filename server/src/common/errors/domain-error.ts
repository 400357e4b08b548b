/** Every failure a client can act on. Transports map these codes, and only these. */
export type DomainErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `email` or `stages.2.name`. */
  path: string;
  message: string;
}

export interface DomainErrorDetails {
  errors?: FieldIssue[];
  /** For invalid_transition: the states the record may move to from where it is. */
  allowed?: string[];
  /** For conflict: the field whose value is taken. */
  field?: string;
  retryAfterSeconds?: number;
  /** For forbidden: the scope the credential lacked (OAuth step-up, RFC 6750 insufficient_scope). */
  requiredScope?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** Missing and other-tenant records are indistinguishable by design. */
  static notFound(entity: string, id?: string): DomainError {
    return new DomainError('not_found', id ? `${entity} ${id} was not found.` : `${entity} was not found.`);
  }

  static validation(errors: FieldIssue[]): DomainError {
    const summary = errors.map((issue) => `${issue.path || '(input)'}: ${issue.message}`).join('; ');
    return new DomainError('validation_failed', `Invalid input. ${summary}`, { errors });
  }

  static conflict(message: string, field?: string): DomainError {
    return new DomainError('conflict', message, field ? { field } : {});
  }

  static invalidTransition(entity: string, from: string, to: string, allowed: readonly string[]): DomainError {
    const next = allowed.length ? `Allowed next: ${allowed.join(', ')}.` : 'No further transitions are allowed.';
    return new DomainError('invalid_transition', `${entity} cannot move from ${from} to ${to}. ${next}`, {
      allowed: [...allowed],
    });
  }

  static unauthenticated(message = 'Authentication required: send a valid access token as "Authorization: Bearer <token>".'): DomainError {
    return new DomainError('unauthenticated', message);
  }

  static forbidden(message: string): DomainError {
    return new DomainError('forbidden', message);
  }
}
