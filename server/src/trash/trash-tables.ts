import type { TenantTx } from '../database/tenant-tx.js';
import type { TrashableKind } from './trashable-kinds.js';

/**
 * The few operations trash, restore and purge need, the same on every trashable model.
 * Prisma's delegates have one type per model; this narrows them to what they share.
 */
export interface TrashTable {
  findFirst(args: { where: { id: string }; select: { deletedAt: true; version: true } }): Promise<{ deletedAt: Date | null; version: number } | null>;
  deleteMany(args: { where: { id: string; deletedAt: { not: null } } }): Promise<{ count: number }>;
}

export function trashTable(tx: TenantTx, kind: TrashableKind): TrashTable {
  const tables = { contact: tx.contact, company: tx.company, lead: tx.lead, deal: tx.deal, ticket: tx.ticket, note: tx.note, task: tx.task };
  return tables[kind] as unknown as TrashTable;
}

/** The SQL table of each kind, for the purge job's cross-tenant statements. Dependants first. */
export const PURGE_ORDER: readonly { kind: TrashableKind; table: string; detach?: readonly (readonly [table: string, column: string])[] }[] = [
  { kind: 'note', table: 'Note' },
  { kind: 'task', table: 'Task' },
  { kind: 'lead', table: 'Lead' },
  { kind: 'ticket', table: 'Ticket' },
  { kind: 'deal', table: 'Deal' },
  { kind: 'contact', table: 'Contact' },
  // Live contacts and deals may still name a trashed company: they lose the link, not their data.
  { kind: 'company', table: 'Company', detach: [['Contact', 'companyId'], ['Deal', 'companyId']] },
];
