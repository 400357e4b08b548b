import { z } from 'zod';
import { pageOutput, paginationQuery } from '../common/pagination/cursor.js';
import { recordAuditFields, recordVersionField } from '../common/schemas/record-fields.js';

const name = z.string().min(1).max(200).regex(/\S/, 'must not be blank').describe('Company name, e.g. "Acme Ltd".');
const domain = z.string().min(1).max(2048).describe('Domain, e.g. "acme.com" (a URL is reduced to it); unique in the workspace.');
const industry = z.string().min(1).max(100).describe('Industry.');
const employeeCount = z.number().int().min(0).max(10_000_000).describe('Number of employees.');
const website = z.url({ protocol: /^https?$/ }).max(2048).describe('Website URL.');
const phone = z.string().min(1).max(50).describe('Phone number.');
const ownerId = z.uuid().describe('User id of the owning member.');

export const CreateCompanyInput = z.strictObject({
  name,
  domain: domain.optional(),
  industry: industry.optional(),
  employeeCount: employeeCount.optional(),
  website: website.optional(),
  phone: phone.optional(),
  ownerId: ownerId.optional(),
}).describe('A new company. Only name is required.');
export type CreateCompanyInput = z.infer<typeof CreateCompanyInput>;

// Omitted fields stay as they are; null clears an optional field.
export const UpdateCompanyInput = z.strictObject({
  name: name.optional(),
  domain: domain.nullable().optional(),
  industry: industry.nullable().optional(),
  employeeCount: employeeCount.nullable().optional(),
  website: website.nullable().optional(),
  phone: phone.nullable().optional(),
  ownerId: ownerId.nullable().optional(),
}).describe('Fields to change; omitted fields are left unchanged, null clears a field.');
export type UpdateCompanyInput = z.infer<typeof UpdateCompanyInput>;

export const COMPANY_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export type CompanySort = (typeof COMPANY_SORTS)[number];

export const ListCompaniesQuery = z.strictObject({
  q: z.string().min(1).max(200).optional().describe('Text in the name or domain, case-insensitive.'),
  domain: z.string().min(1).max(2048).optional().describe('Only the company with this domain.'),
  industry: z.string().min(1).max(100).optional().describe('Only this industry (case-insensitive).'),
  ownerId: z.uuid().optional().describe('Only companies this user id owns.'),
  createdAfter: z.iso.datetime({ offset: true }).optional().describe('Created at or after (ISO 8601).'),
  createdBefore: z.iso.datetime({ offset: true }).optional().describe('Created before (ISO 8601).'),
  sort: z.enum(COMPANY_SORTS).default('createdAt').describe('Sort key. Default createdAt.'),
  direction: z.enum(['asc', 'desc']).optional().describe('Default: asc for name, desc for dates.'),
  ...paginationQuery,
});
export type ListCompaniesQuery = z.infer<typeof ListCompaniesQuery>;

const companyFields = {
  id: z.uuid().describe('Company id.'),
  name: z.string().describe('Company name.'),
  domain: z.string().nullable().describe('Domain, lower-cased, e.g. "acme.com".'),
  industry: z.string().nullable(),
  employeeCount: z.number().int().nullable(),
  website: z.string().nullable(),
  phone: z.string().nullable(),
  ownerId: z.uuid().nullable().describe('User id of the owning member, if any.'),
  ...recordVersionField,
  ...recordAuditFields,
};

export const CompanyOutput = z.object(companyFields).describe('A company: an organisation the workspace deals with.');
export type CompanyOutput = z.infer<typeof CompanyOutput>;

export const CompanyListOutput = pageOutput(CompanyOutput).describe('One page of companies.');
export type CompanyListOutput = z.infer<typeof CompanyListOutput>;

/** How many linked contacts and open deals a company's get shows; the counts say how many there are. */
export const COMPANY_DETAIL_LIMIT = 50;

const money = z.object({
  currency: z.string().describe('ISO 4217 currency code.'),
  value: z.string().describe('Exact decimal sum, e.g. "125000.00".'),
});

export const CompanyDetailOutput = z.object({
  ...companyFields,
  contacts: z.array(z.object({
    id: z.uuid(),
    name: z.string().describe('Full name.'),
    email: z.string().nullable(),
    jobTitle: z.string().nullable(),
  })).describe(`Its contacts, by name; at most ${COMPANY_DETAIL_LIMIT}.`),
  contactCount: z.number().int().describe('How many contacts it has in all.'),
  openDeals: z.array(z.object({
    id: z.uuid(),
    title: z.string(),
    value: z.string().describe('Exact decimal string.'),
    currency: z.string(),
    stage: z.string().describe('Stage name.'),
    expectedCloseDate: z.iso.date().nullable(),
  })).describe(`Its open deals (in an OPEN stage), newest first; at most ${COMPANY_DETAIL_LIMIT}.`),
  openDealCount: z.number().int().describe('How many open deals it has in all.'),
  openPipelineValue: z.array(money).describe('Sum of its open deals\' values, one entry per currency.'),
}).describe('A company with its contacts, open deals and open pipeline value.');
export type CompanyDetailOutput = z.infer<typeof CompanyDetailOutput>;
