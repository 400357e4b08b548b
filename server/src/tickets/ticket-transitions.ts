import { DomainError } from '../common/errors/domain-error.js';
import type { TicketStatus } from '../generated/prisma/enums.js';

/**
 * The ticket workflow. CLOSED -> OPEN is listed but guarded: it happens only when the
 * caller asks for it explicitly (reopen), never as a side effect of an ordinary edit.
 */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  OPEN: ['IN_PROGRESS', 'WAITING', 'RESOLVED', 'CLOSED'],
  IN_PROGRESS: ['OPEN', 'WAITING', 'RESOLVED', 'CLOSED'],
  WAITING: ['IN_PROGRESS', 'RESOLVED', 'CLOSED'],
  RESOLVED: ['OPEN', 'CLOSED'],
  CLOSED: ['OPEN'],
};

/** Throws 422 with the allowed next states unless `from -> to` is legal. Same state is a no-op. */
export function assertTicketTransition(from: TicketStatus, to: TicketStatus, reopen: boolean): void {
  if (from === to) return;
  if (from === 'CLOSED') {
    if (to === 'OPEN' && reopen) return;
    throw closedTicketError(to);
  }
  const allowed = TICKET_TRANSITIONS[from];
  if (!allowed.includes(to)) throw DomainError.invalidTransition('Ticket', from, to, allowed);
}

/** 422 for any change to a CLOSED ticket other than the explicit re-open. */
export function closedTicketError(to: TicketStatus): DomainError {
  const change = to === 'CLOSED' ? 'be changed' : `move from CLOSED to ${to}`;
  return new DomainError(
    'invalid_transition',
    `A CLOSED ticket cannot ${change}; it can only be re-opened, explicitly: ` +
      'status OPEN with reopen: true (REST: POST /api/tickets/{id}/reopen).',
    { allowed: [...TICKET_TRANSITIONS.CLOSED] },
  );
}

/** resolvedAt/closedAt that go with entering `to`; re-opening clears both. */
export function ticketTimestampsFor(to: TicketStatus, now: Date): { resolvedAt?: Date | null; closedAt?: Date | null } {
  switch (to) {
    case 'RESOLVED':
      return { resolvedAt: now, closedAt: null };
    case 'CLOSED':
      return { closedAt: now };
    default:
      return { resolvedAt: null, closedAt: null };
  }
}
