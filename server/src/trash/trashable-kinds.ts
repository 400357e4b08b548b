/**
 * The record kinds a delete moves to the trash (ADR 0040), and whose history the
 * timeline and undo serve.
 * the tenant-scope extension's TRASHABLE_MODELS names the same models.
 */
export const TRASHABLE_KINDS = ['contact', 'company', 'lead', 'deal', 'ticket', 'note', 'task'] as const;
export type TrashableKind = (typeof TRASHABLE_KINDS)[number];

/** The name a person reads in messages ("Deal 0193… was not found."). */
export const ENTITY_OF: Readonly<Record<TrashableKind, string>> = {
  contact: 'Contact',
  company: 'Company',
  lead: 'Lead',
  deal: 'Deal',
  ticket: 'Ticket',
  note: 'Note',
  task: 'Task',
};

/** The path segment of each kind, in REST routes and in `crm://<collection>/<id>`. */
export const COLLECTION_OF_KIND: Readonly<Record<TrashableKind, string>> = {
  contact: 'contacts',
  company: 'companies',
  lead: 'leads',
  deal: 'deals',
  ticket: 'tickets',
  note: 'notes',
  task: 'tasks',
};

export interface TrashableRef {
  kind: TrashableKind;
  id: string;
}
