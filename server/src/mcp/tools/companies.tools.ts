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
      title: 'List companies',
      description: 'List companies, newest first, 25 per page; q searches name and domain. Use fetch for one company with its contacts and deals.',
      input: ListCompaniesQuery,
      output: listOutput(CompanyOutput, 'companies'),
      annotations: READ_ONLY,
      handler: (principal, input) => companies.list(principal, input),
    }),
    crmTool({
      name: 'company_create',
      title: 'Create company',
      description: 'Create a company. Only name is required; a domain must be unique in the workspace. Link people with contact_update companyId.',
      input: CreateCompanyInput,
      output: CompanyOutput,
      annotations: CREATES,
      handler: (principal, input) => companies.create(principal, input),
    }),
    crmTool({
      name: 'company_update',
      title: 'Update company',
      description: 'Change fields of a company; omitted fields stay, null clears. Pass expectedVersion to refuse the change if someone else changed it.',
      input: z.strictObject({ id, ...expectedVersionField, ...UpdateCompanyInput.shape }),
      output: CompanyOutput,
      annotations: UPDATES,
      handler: (principal, { id: companyId, expectedVersion, ...changes }) =>
        companies.update(principal, companyId, changes, expectedVersion),
    }),
  ];
}
