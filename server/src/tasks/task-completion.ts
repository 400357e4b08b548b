import type { Principal } from '../common/auth/principal.js';

type Status = 'open' | 'done';

/** What a status change writes besides the status: who completed it and when, or nothing once reopened. */
export function completionFields(to: Status, principal: Principal, now: Date): { completedAt: Date | null; completedById: string | null } {
  return to === 'done' ? { completedAt: now, completedById: principal.userId } : { completedAt: null, completedById: null };
}
