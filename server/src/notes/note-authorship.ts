import { authorize } from '../common/auth/policy.js';
import type { Principal } from '../common/auth/principal.js';

/**
 * A note speaks for its author: the author may change or delete it with plain write
 * access, anyone else only as an admin or owner (policy action `notes:moderate`).
 */
export function authorizeNoteChange(principal: Principal, note: { authorId: string }): void {
  authorize(principal, note.authorId === principal.userId ? 'crm:write' : 'notes:moderate');
}
