import { DomainError } from '../common/errors/domain-error.js';
import { assertTicketTransition, TICKET_TRANSITIONS, ticketTimestampsFor } from './ticket-transitions.js';
import { TICKET_STATUSES } from './tickets.schemas.js';

function refusal(run: () => void): DomainError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
}

describe('assertTicketTransition', () => {
  test.each(TICKET_STATUSES.filter((status) => status !== 'CLOSED'))('from %s: table moves pass, others get 422 with the table', (from) => {
    for (const to of TICKET_STATUSES) {
      const error = refusal(() => assertTicketTransition(from, to, false));
      if (to === from || TICKET_TRANSITIONS[from].includes(to)) {
        expect(error).toBeUndefined();
      } else {
        expect(error).toMatchObject({ code: 'invalid_transition', details: { allowed: [...TICKET_TRANSITIONS[from]] } });
      }
    }
  });

  test('CLOSED moves only to OPEN, and only with reopen', () => {
    for (const to of TICKET_STATUSES.filter((status) => status !== 'CLOSED')) {
      expect(refusal(() => assertTicketTransition('CLOSED', to, false))).toMatchObject({ code: 'invalid_transition', details: { allowed: ['OPEN'] } });
    }
    expect(refusal(() => assertTicketTransition('CLOSED', 'IN_PROGRESS', true))?.code).toBe('invalid_transition');
    expect(refusal(() => assertTicketTransition('CLOSED', 'OPEN', true))).toBeUndefined();
  });
});

describe('ticketTimestampsFor', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');
  test('resolving stamps resolvedAt, closing stamps closedAt and keeps resolvedAt, anything else clears both', () => {
    expect(ticketTimestampsFor('RESOLVED', now)).toEqual({ resolvedAt: now, closedAt: null });
    expect(ticketTimestampsFor('CLOSED', now)).toEqual({ closedAt: now });
    expect(ticketTimestampsFor('OPEN', now)).toEqual({ resolvedAt: null, closedAt: null });
    expect(ticketTimestampsFor('WAITING', now)).toEqual({ resolvedAt: null, closedAt: null });
  });
});
