import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { toContactOutput } from '../contacts/contacts.mapper.js';
import type { ContactOutput } from '../contacts/contacts.schemas.js';
import type { ContactsService } from '../contacts/contacts.service.js';
import type { TenantTx } from '../database/tenant-tx.js';
import type { Lead } from '../generated/prisma/client.js';
import { contactInputFor } from './lead-conversion.js';
import type { ContactResolution, ConvertLeadInput } from './leads.schemas.js';

export interface ConversionContact {
  contact: ContactOutput;
  contactResolution: ContactResolution;
}

/**
 * The contact a lead converts into: the one the caller names, else the workspace's
 * contact with the same email (emails are stored lower-cased, so this is the unique
 * index), else a new one. Linking instead of refusing means a person met twice stays one
 * contact, and nobody is pushed to invent an address to get past a conflict.
 */
export async function conversionContact(
  tx: TenantTx,
  principal: Principal,
  contacts: ContactsService,
  lead: Lead,
  input: ConvertLeadInput,
): Promise<ConversionContact> {
  if (input.contactId !== undefined) {
    // Tenant-scoped: another workspace's contact id is simply not found.
    const given = await tx.contact.findFirst({ where: { id: input.contactId } });
    if (!given) throw DomainError.notFound('Contact', input.contactId);
    return { contact: toContactOutput(given), contactResolution: 'given' };
  }
  const draft = contactInputFor(lead, input.contact);
  if (draft.email) {
    const matched = await tx.contact.findFirst({ where: { email: draft.email.toLowerCase() } });
    if (matched) return { contact: toContactOutput(matched), contactResolution: 'matched_email' };
  }
  return { contact: await contacts.createWith(tx, principal, draft), contactResolution: 'created' };
}
