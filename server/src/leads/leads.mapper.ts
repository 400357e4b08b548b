import type { Lead } from '../generated/prisma/client.js';
import { LEAD_TRANSITIONS } from './lead-transitions.js';
import type { LeadOutput } from './leads.schemas.js';

export function toLeadOutput(lead: Lead): LeadOutput {
  return {
    id: lead.id,
    name: lead.name,
    company: lead.company,
    email: lead.email,
    phone: lead.phone,
    source: lead.source,
    status: lead.status,
    allowedStatuses: [...LEAD_TRANSITIONS[lead.status]],
    notes: lead.notes,
    ownerId: lead.ownerId,
    convertedContactId: lead.convertedContactId,
    convertedDealId: lead.convertedDealId,
    convertedAt: lead.convertedAt ? lead.convertedAt.toISOString() : null,
    version: lead.version,
    createdById: lead.createdById,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
  };
}
