import { DomainError } from '../common/errors/domain-error.js';
import { fieldIssuesOf } from '../common/errors/zod-issues.js';
import { CreateContactInput } from '../contacts/contacts.schemas.js';
import type { CreateDealInput } from '../deals/deals.schemas.js';
import type { Lead } from '../generated/prisma/client.js';
import type { ConvertLeadInput } from './leads.schemas.js';

/** "Ada King Lovelace" -> first "Ada", last "King Lovelace"; a single word is a first name. */
export function splitName(name: string): { firstName: string; lastName: string } {
  const [firstName = '', ...rest] = name.trim().split(/\s+/);
  return { firstName, lastName: rest.join(' ') };
}

/** The contact to create: lead data, overridden by the caller's contact fields, then validated. */
export function contactInputFor(lead: Lead, overrides: ConvertLeadInput['contact']): CreateContactInput {
  // Without a name, the email's local part or the company stands in as a first name.
  const fallback = lead.name ?? lead.email?.split('@')[0] ?? lead.company ?? '';
  const draft = {
    ...splitName(fallback),
    ...(lead.email ? { email: lead.email } : {}),
    ...(lead.phone ? { phone: lead.phone } : {}),
    ...(lead.company ? { company: lead.company } : {}),
    ...(lead.notes ? { notes: lead.notes } : {}),
    ...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
    ...overrides,
  };
  const parsed = CreateContactInput.safeParse(draft);
  if (!parsed.success) {
    throw DomainError.validation(fieldIssuesOf(parsed.error).map((issue) => ({ ...issue, path: `contact.${issue.path}` })));
  }
  return parsed.data;
}

export function dealInputFor(
  lead: Lead,
  contact: { id: string; name: string },
  overrides: ConvertLeadInput['deal'],
): CreateDealInput {
  return {
    title: `${lead.company ?? contact.name} deal`.slice(0, 200),
    ...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
    ...overrides,
    contactId: contact.id,
  };
}
