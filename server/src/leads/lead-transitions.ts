import type { LeadStatus } from '../generated/prisma/enums.js';

/**
 * Status changes a lead update may make. CONVERTED is reached only through the
 * convert operation (which creates the contact), and is terminal.
 */
export const LEAD_TRANSITIONS: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  NEW: ['CONTACTED', 'QUALIFIED', 'UNQUALIFIED'],
  CONTACTED: ['QUALIFIED', 'UNQUALIFIED'],
  QUALIFIED: ['UNQUALIFIED'],
  UNQUALIFIED: ['NEW', 'CONTACTED'],
  CONVERTED: [],
};

export function canMove(from: LeadStatus, to: LeadStatus): boolean {
  return from === to || LEAD_TRANSITIONS[from].includes(to);
}
