import { z } from 'zod';
import { pageOutput, paginationQuery } from '../common/pagination/cursor.js';
import { ContactOutput, CreateContactInput } from '../contacts/contacts.schemas.js';
import { CreateDealInput, DealOutput } from '../deals/deals.schemas.js';
import type { LeadStatus } from '../generated/prisma/enums.js';
import { deletedOutput, recordAuditFields, recordVersionField } from '../common/schemas/record-fields.js';

export const LEAD_STATUSES = ['NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED'] as const satisfies readonly LeadStatus[];
const SETTABLE_STATUSES = ['NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED'] as const;

const name = z.string().min(1).max(200).regex(/\S/, 'must not be blank').describe('Person\'s full name, e.g. "Ada Lovelace".');
const company = z.string().min(1).max(200).describe('Company or organisation name.');
const email = z.email().max(254).describe('Email address.');
const phone = z.string().min(1).max(50).describe('Phone number as written.');
const source = z.string().min(1).max(100).describe('Where the lead came from, e.g. "website", "referral".');
const notes = z.string().max(10_000).describe('Free-form notes.');
const ownerId = z.uuid().describe('User id of the workspace member who owns the lead.');

export const CreateLeadInput = z.strictObject({
  name: name.optional(),
  company: company.optional(),
  email: email.optional(),
  phone: phone.optional(),
  source: source.optional(),
  notes: notes.optional(),
  ownerId: ownerId.optional(),
  status: z.enum(SETTABLE_STATUSES).default('NEW').describe('Initial status; default NEW. CONVERTED only via convert.'),
}).describe('A new lead. At least one of name, company or email is required.');
export type CreateLeadInput = z.infer<typeof CreateLeadInput>;

export const UpdateLeadInput = z.strictObject({
  name: name.nullable().optional(),
  company: company.nullable().optional(),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  source: source.nullable().optional(),
  notes: notes.nullable().optional(),
  ownerId: ownerId.nullable().optional(),
  status: z.enum(LEAD_STATUSES).optional().describe(
    'New status; a move the workflow does not allow is refused with the allowed ones. CONVERTED only through lead_convert.',
  ),
}).describe('Fields to change; omitted fields are left unchanged, null clears a field.');
export type UpdateLeadInput = z.infer<typeof UpdateLeadInput>;

export const ListLeadsQuery = z.strictObject({
  status: z.enum(LEAD_STATUSES).optional().describe('Only leads in this status.'),
  source: z.string().min(1).max(100).optional().describe('Only leads from this source (case-insensitive).'),
  ownerId: z.uuid().optional().describe('Only leads owned by this user id.'),
  q: z.string().min(1).max(200).optional().describe('Case-insensitive text found in name, company or email.'),
  ...paginationQuery,
}).describe('Leads newest first.');
export type ListLeadsQuery = z.infer<typeof ListLeadsQuery>;

export const CONTACT_RESOLUTIONS = ['created', 'matched_email', 'given'] as const;
export type ContactResolution = (typeof CONTACT_RESOLUTIONS)[number];

export const ConvertLeadInput = z.strictObject({
  contactId: z.uuid().optional()
    .describe('Link the lead to this existing contact.'),
  createDeal: z.boolean().optional().describe('Also create a deal for the new contact. Default: true when deal is given, else false.'),
  deal: CreateDealInput.partial().omit({ contactId: true }).optional()
    .describe('Deal fields, as for deal_create; the title defaults to the lead\'s, the pipeline and stage to the default ones.'),
  contact: CreateContactInput.partial().omit({ ownerId: true }).optional()
    .describe('Fields of a new contact, as for contact_create, overriding what comes from the lead; not with contactId.'),
}).describe('Converts a lead in one step. The contact is the one given as contactId, else the existing contact with the '
  + 'same email (case-insensitive), else a new one made from the lead. Optionally creates a deal with that contact.');
export type ConvertLeadInput = z.infer<typeof ConvertLeadInput>;

const timestamp = z.iso.datetime();

export const LeadOutput = z.object({
  id: z.uuid().describe('Lead id.'),
  name: z.string().nullable(),
  company: z.string().nullable(),
  email: z.string().nullable().describe('Email, lower-cased.'),
  phone: z.string().nullable(),
  source: z.string().nullable(),
  status: z.enum(LEAD_STATUSES),
  allowedStatuses: z.array(z.enum(LEAD_STATUSES)).describe('Statuses an update may move this lead to now.'),
  notes: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  convertedContactId: z.uuid().nullable().describe('Contact the lead was converted into (created or linked).'),
  convertedDealId: z.uuid().nullable().describe('Deal created by conversion, if any.'),
  convertedAt: timestamp.nullable().describe('When the lead was converted, ISO 8601 UTC.'),
  ...recordVersionField,
  ...recordAuditFields,
}).describe('A lead: a prospective customer not yet converted into a contact.');
export type LeadOutput = z.infer<typeof LeadOutput>;

export const LeadListOutput = pageOutput(LeadOutput).describe('One page of leads, newest first.');
export type LeadListOutput = z.infer<typeof LeadListOutput>;

export const DeletedLeadOutput = deletedOutput('lead');
export type DeletedLeadOutput = z.infer<typeof DeletedLeadOutput>;

export const ConvertLeadOutput = z.object({
  lead: LeadOutput.describe('The lead, now CONVERTED.'),
  contact: ContactOutput.describe('The contact the lead now points to.'),
  contactResolution: z.enum(CONTACT_RESOLUTIONS)
    .describe('How the contact was found: created (new), matched_email (existing contact with the lead\'s email, left '
      + 'unchanged) or given (the contactId sent).'),
  deal: DealOutput.nullable().describe('The deal created, or null.'),
});
export type ConvertLeadOutput = z.infer<typeof ConvertLeadOutput>;
