import { DomainError } from '../common/errors/domain-error.js';
import type { TenantTx } from '../database/tenant-tx.js';
import type { LinkableKind, RecordLink } from './record-links.schemas.js';

type ExistingIds = (tx: TenantTx, ids: string[]) => Promise<{ id: string }[]>;

const byIds = (ids: string[]) => ({ where: { id: { in: ids } }, select: { id: true } as const });

/**
 * Where each linkable kind lives: one line per kind. The look-ups run on the tenant-scoped
 * client, so another tenant's record, or one in the trash, is absent exactly like a missing one.
 */
const LINK_TARGETS: Readonly<Record<LinkableKind, { entity: string; existing: ExistingIds }>> = {
  contact: { entity: 'Contact', existing: (tx, ids) => tx.contact.findMany(byIds(ids)) },
  company: { entity: 'Company', existing: (tx, ids) => tx.company.findMany(byIds(ids)) },
  lead: { entity: 'Lead', existing: (tx, ids) => tx.lead.findMany(byIds(ids)) },
  deal: { entity: 'Deal', existing: (tx, ids) => tx.deal.findMany(byIds(ids)) },
  ticket: { entity: 'Ticket', existing: (tx, ids) => tx.ticket.findMany(byIds(ids)) },
};

/**
 * Refuses the first link (in input order) whose record does not exist in the caller's
 * workspace, naming its index and field (`links.2.id`). One query per kind named.
 */
export async function assertLinkedRecordsExist(tx: TenantTx, links: readonly RecordLink[], field = 'links'): Promise<void> {
  const kinds = [...new Set(links.map((link) => link.kind))];
  const found = new Set<string>();
  // One after the other: queries inside one transaction share its connection.
  for (const kind of kinds) {
    const ids = links.filter((link) => link.kind === kind).map((link) => link.id);
    for (const row of await LINK_TARGETS[kind].existing(tx, ids)) found.add(`${kind}:${row.id}`);
  }
  // Ids come back lower-case; a client may have sent them in upper case.
  const index = links.findIndex((link) => !found.has(`${link.kind}:${link.id.toLowerCase()}`));
  if (index < 0) return;
  const missing = links[index]!;
  const path = `${field}.${index}.id`;
  const message = `${LINK_TARGETS[missing.kind].entity} ${missing.id} was not found`;
  throw new DomainError(
    'not_found',
    `${message} (${path}). Link only records of this workspace; find their ids with the ${missing.kind}_list tool or search.`,
    { errors: [{ path, message: `${message} in this workspace` }] },
  );
}
