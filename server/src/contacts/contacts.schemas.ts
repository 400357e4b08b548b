import { z } from 'zod';
import { pageOutput, paginationQuery } from '../common/pagination/cursor.js';
import { deletedOutput, recordAuditFields, recordVersionField } from '../common/schemas/record-fields.js';

const notBlank = /\S/;

const firstName = z.string().min(1).max(100).regex(notBlank, 'must not be blank').describe('Given name, e.g. "Ada".');
const lastName = z.string().max(100).describe('Family name, e.g. "Lovelace"; may be empty.');
const email = z.email().max(254).describe('Email address; unique within the workspace, compared case-insensitively.');
const phone = z.string().min(1).max(50).describe('Phone number as written, e.g. "+44 20 7946 0958".');
// Legacy label, kept readable during the move to companyId (ADR 0044).
const company = z.string().min(1).max(200).describe('Company name as free text; prefer companyId.');
const companyId = z.uuid().describe('Company id.');
const jobTitle = z.string().min(1).max(200).describe('Job title, e.g. "CTO".');
const notes = z.string().max(10_000).describe('Free-form notes.');
const ownerId = z.uuid().describe('User id of the workspace member who owns this contact.');

export const CreateContactInput = z.strictObject({
  firstName,
  lastName: lastName.optional(),
  email: email.optional(),
  phone: phone.optional(),
  company: company.optional(),
  companyId: companyId.optional(),
  jobTitle: jobTitle.optional(),
  notes: notes.optional(),
  ownerId: ownerId.optional(),
}).describe('A new contact. Only firstName is required.');
export type CreateContactInput = z.infer<typeof CreateContactInput>;

// Omitted fields stay as they are; null clears an optional field.
export const UpdateContactInput = z.strictObject({
  firstName: firstName.optional(),
  lastName: lastName.optional(),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  company: company.nullable().optional(),
  companyId: companyId.nullable().optional(),
  jobTitle: jobTitle.nullable().optional(),
  notes: notes.nullable().optional(),
  ownerId: ownerId.nullable().optional(),
}).describe('Fields to change; omitted fields are left unchanged, null clears a field.');
export type UpdateContactInput = z.infer<typeof UpdateContactInput>;

export const CONTACT_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export const ListContactsQuery = z.strictObject({
  q: z.string().min(1).max(200).optional()
    .describe('Case-insensitive text found anywhere in name, email, company or phone, e.g. "acme".'),
  company: z.string().min(1).max(200).optional().describe('Only contacts at exactly this company (case-insensitive).'),
  companyId: z.uuid().optional().describe('Only this company\'s contacts.'),
  ownerId: z.uuid().optional().describe('Only contacts owned by this user id.'),
  createdAfter: z.iso.datetime({ offset: true }).optional()
    .describe('Only contacts created at or after this ISO 8601 time, e.g. "2026-01-01T00:00:00Z".'),
  createdBefore: z.iso.datetime({ offset: true }).optional()
    .describe('Only contacts created strictly before this ISO 8601 time.'),
  sort: z.enum(CONTACT_SORTS).default('createdAt')
    .describe('Sort order (default createdAt).'),
  direction: z.enum(['asc', 'desc']).optional()
    .describe('Sort direction. Default: asc for name, desc (newest first) for dates.'),
  ...paginationQuery,
});
export type ListContactsQuery = z.infer<typeof ListContactsQuery>;

export const ContactOutput = z.object({
  id: z.uuid().describe('Contact id.'),
  firstName: z.string().describe('Given name.'),
  lastName: z.string().describe('Family name; may be empty.'),
  name: z.string().describe('Full display name: first and last name.'),
  email: z.string().nullable().describe('Email address, lower-cased.'),
  phone: z.string().nullable().describe('Phone number.'),
  company: z.string().nullable().describe('Legacy free-text company label (ADR 0044).'),
  companyId: z.uuid().nullable().describe('Id of the linked company, if any.'),
  jobTitle: z.string().nullable().describe('Job title.'),
  notes: z.string().nullable().describe('Free-form notes.'),
  ownerId: z.uuid().nullable().describe('User id of the owning member, if any.'),
  ...recordVersionField,
  ...recordAuditFields,
}).describe('A contact: a person the workspace deals with.');
export type ContactOutput = z.infer<typeof ContactOutput>;

export const ContactListOutput = pageOutput(ContactOutput).describe('One page of contacts.');
export type ContactListOutput = z.infer<typeof ContactListOutput>;

export const DeletedContactOutput = deletedOutput('contact');
export type DeletedContactOutput = z.infer<typeof DeletedContactOutput>;
