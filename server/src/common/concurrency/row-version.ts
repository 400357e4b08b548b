import { DomainError } from '../errors/domain-error.js';

// The one concurrency rule (docs/architecture.md, ADR 0013): a write names only the fields
// it was given, adds 1 to `version` in the same UPDATE, and puts every precondition it
// relies on (the caller's expected version, the status a transition starts from) into
// that UPDATE's WHERE. No check-then-write.

/** Spread into the `data` of every update of a versioned row. */
export const NEXT_VERSION = { version: { increment: 1 } } as const;

/** The WHERE of a conditional write: the row, and its version when the caller sent one. */
export function versionGuard(id: string, expectedVersion: number | undefined): { id: string; version?: number } {
  return expectedVersion === undefined ? { id } : { id, version: expectedVersion };
}

/** Refuses early when the row as read is already past the caller's version (the write re-checks). */
export function assertVersion(entity: string, id: string, expectedVersion: number | undefined, current: { version: number }): void {
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw DomainError.preconditionFailed(entity, id, expectedVersion, current.version);
  }
}

/**
 * Why a guarded write matched no row, judged from the row as it is now: it is gone, its
 * version moved past the caller's, or another precondition in the WHERE failed.
 */
export function missedWriteError(
  entity: string,
  id: string,
  expectedVersion: number | undefined,
  current: { version: number } | null,
  otherGuard?: () => DomainError,
): DomainError {
  if (!current) return DomainError.notFound(entity, id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    return DomainError.preconditionFailed(entity, id, expectedVersion, current.version);
  }
  return otherGuard?.() ?? DomainError.conflict(`${entity} ${id} changed while it was being written. Read it again and retry.`);
}
