import { z } from 'zod';
import type { CompaniesService } from '../../companies/companies.service.js';
import { CompanyOutput, CreateCompanyInput, ListCompaniesQuery, UpdateCompanyInput } from '../../companies/companies.schemas.js';
import { expectedVersionField } from '../../common/schemas/record-fields.js';
import { listOutput } from '../list-output.js';
import { CREATES, crmTool, READ_ONLY, UPDATES, type ToolDefinition } from '../tool-definition.js';

const id = z.uuid().describe('Company id, as returned by company_list, company_create or search.');

// No company_get or company_delete: fetch reads any record (a company with its contacts,
// open deals and pipeline value), and deletes go through one tool for every kind.
export function companyTools(companies: CompaniesService): ToolDefinition[] {
  return [
    crmTool({
      name: 'company_list',
      toolset: 'companies',
      title: 'List companies',
      description: 'List companies, newest first; q searches name and domain.',
      input: ListCompaniesQuery,
      output: listOutput(CompanyOutput, 'companies'),
      annotations: READ_ONLY,
      handler: (principal, input) => companies.list(principal, input),
    }),
    crmTool({
      name: 'company_create',
      toolset: 'companies',
      title: 'Create company',
      description: 'Create a company; only name is required. Link people with contact_update companyId.',
      input: CreateCompanyInput,
      output: CompanyOutput,
      annotations: CREATES,
      handler: (principal, input) => companies.create(principal, input),
    }),
    crmTool({
      name: 'company_update',
      toolset: 'companies',
      title: 'Update company',
      description: 'Change a company\'s fields; omitted fields stay, null clears.',
      input: z.strictObject({ id, ...expectedVersionField, ...UpdateCompanyInput.shape }),
      output: CompanyOutput,
      annotations: UPDATES,
      handler: (principal, { id: companyId, expectedVersion, ...changes }) =>
        companies.update(principal, companyId, changes, expectedVersion),
    }),
  ];
}
