/** Every failure a client can act on. Transports map these codes, and only these. */
export type DomainErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'precondition_failed'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  /** A dependency (the database) cannot be reached right now; retrying later will work. */
  | 'unavailable';

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
  /** For precondition_failed: the record's version now, to re-read and retry against. */
  currentVersion?: number;
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
    // One sentence per failure list: an issue's own full stop would read ".;" inside it.
    const summary = errors.map((issue) => `${issue.path || '(input)'}: ${issue.message.trim().replace(/\.$/, '')}`).join('; ');
    return new DomainError('validation_failed', endSentence(`Invalid input. ${summary}`), { errors });
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

  /** The caller's If-Match or expectedVersion names a version the record has moved past. */
  static preconditionFailed(entity: string, id: string, expectedVersion: number, currentVersion: number): DomainError {
    return new DomainError(
      'precondition_failed',
      `${entity} ${id} was changed by someone else: it is at version ${currentVersion}, not ${expectedVersion}. ` +
        'Nothing was written. Read it again, check that your change still applies, and send it with the new version.',
      { currentVersion },
    );
  }

  static unauthenticated(message = 'Authentication required: send a valid access token as "Authorization: Bearer <token>".'): DomainError {
    return new DomainError('unauthenticated', message);
  }

  static forbidden(message: string): DomainError {
    return new DomainError('forbidden', message);
  }

  static unavailable(retryAfterSeconds: number): DomainError {
    return new DomainError(
      'unavailable',
      'The database cannot be reached right now (it may be restarting). ' +
        `Retry in ${retryAfterSeconds} seconds; if this was a write, check whether it was saved before repeating it.`,
      { retryAfterSeconds },
    );
  }
}

/** Ends a message with a full stop unless it already ends a sentence, so appended hints read as sentences. */
export function endSentence(text: string): string {
  return /[.!?]["')]?$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`;
}
