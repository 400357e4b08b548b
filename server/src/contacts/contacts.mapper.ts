import type { Contact } from '../generated/prisma/client.js';
import type { ContactOutput } from './contacts.schemas.js';

export function toContactOutput(row: Contact): ContactOutput {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    name: [row.firstName, row.lastName].filter(Boolean).join(' '),
    email: row.email,
    phone: row.phone,
    company: row.company,
    companyId: row.companyId,
    jobTitle: row.jobTitle,
    notes: row.notes,
    ownerId: row.ownerId,
    version: row.version,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
