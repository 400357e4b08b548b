import type { z } from 'zod';
import type { FieldIssue } from '../common/errors/domain-error.js';
import { CompanyOutput, CreateCompanyInput, UpdateCompanyInput } from '../companies/companies.schemas.js';
import { ContactOutput, CreateContactInput, UpdateContactInput } from '../contacts/contacts.schemas.js';
import { dealCreateIssues } from '../deals/deals.service.js';
import { CreateDealInput, DealOutput, UpdateDealInput } from '../deals/deals.schemas.js';
import { leadCreateIssues } from '../leads/leads.service.js';
import { CreateLeadInput, LeadOutput, UpdateLeadInput } from '../leads/leads.schemas.js';

/** What a batch needs to know about one kind of record, besides the service that writes it. */
export interface BatchKindSpec {
  /** Singular, for texts ("contact"). */
  singular: string;
  create: z.ZodObject;
  update: z.ZodObject;
  output: z.ZodObject;
  /** Rules beyond the schema that need no database, checked for every item before anything is written. */
  createIssues?: (input: never) => FieldIssue[];
}

/**
 * The kinds a batch can create and update, keyed by the plural used in URLs and in the
 * `batch` tool's input. Adding a kind: one entry here, its writer in `BatchService`, and its
 * plural in `BATCH_CONTROLLERS` (the schemas, REST route, OpenAPI and MCP input follow).
 * Order matters: a batch writes kinds in this order (a company before the contact that names
 * it, a contact before the deal that names it).
 */
export const BATCH_KINDS = {
  companies: { singular: 'company', create: CreateCompanyInput, update: UpdateCompanyInput, output: CompanyOutput },
  contacts: { singular: 'contact', create: CreateContactInput, update: UpdateContactInput, output: ContactOutput },
  leads: { singular: 'lead', create: CreateLeadInput, update: UpdateLeadInput, output: LeadOutput, createIssues: leadCreateIssues },
  deals: { singular: 'deal', create: CreateDealInput, update: UpdateDealInput, output: DealOutput, createIssues: dealCreateIssues },
} as const satisfies Record<string, BatchKindSpec>;

export type BatchPlural = keyof typeof BATCH_KINDS;
export const BATCH_PLURALS = Object.keys(BATCH_KINDS) as BatchPlural[];

/** At most this many items (creates and updates, all kinds together) in one batch. */
export const MAX_BATCH_ITEMS = 100;
