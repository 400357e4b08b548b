import { z } from 'zod';
import { expectedVersionField } from '../../common/schemas/record-fields.js';
import {
  ConvertLeadInput,
  ConvertLeadOutput,
  CreateLeadInput,
  LeadOutput,
  ListLeadsQuery,
  UpdateLeadInput,
} from '../../leads/leads.schemas.js';
import type { LeadsService } from '../../leads/leads.service.js';
import { listOutput } from '../list-output.js';
import { CREATES, crmTool, READ_ONLY, UPDATES, type ToolDefinition } from '../tool-definition.js';

const id = z.uuid().describe('Lead id, as returned by lead_list or lead_create.');

export function leadTools(leads: LeadsService): ToolDefinition[] {
  return [
    crmTool({
      toolset: 'leads',
      name: 'lead_list',
      title: 'List leads',
      description: 'List leads (prospects not yet converted), newest first, filtered by status, source, owner or text (q).',
      input: ListLeadsQuery,
      output: listOutput(LeadOutput, 'leads'),
      annotations: READ_ONLY,
      handler: (principal, input) => leads.list(principal, input),
    }),
    crmTool({
      toolset: 'leads',
      name: 'lead_create',
      title: 'Create lead',
      description:
        'Record a new lead (a prospect) with at least a name, company or email.',
      input: CreateLeadInput,
      output: LeadOutput,
      annotations: CREATES,
      handler: (principal, input) => leads.create(principal, input),
    }),
    crmTool({
      toolset: 'leads',
      name: 'lead_update',
      title: 'Update lead',
      description:
        'Change a lead\'s fields or status (e.g. CONTACTED, QUALIFIED). To turn a qualified lead into a contact, use lead_convert.',
      input: z.strictObject({ id, ...expectedVersionField, ...UpdateLeadInput.shape }),
      output: LeadOutput,
      annotations: UPDATES,
      handler: (principal, { id: leadId, expectedVersion, ...changes }) =>
        leads.update(principal, leadId, changes, expectedVersion),
    }),
    crmTool({
      toolset: 'leads',
      name: 'lead_convert',
      title: 'Convert lead',
      description:
        'Convert a lead into a contact (contactId, else the one with its email, else a new one) and optionally a deal.',
      input: z.strictObject({ id, ...ConvertLeadInput.shape }),
      output: ConvertLeadOutput,
      annotations: { ...CREATES, destructiveHint: false },
      handler: (principal, { id: leadId, ...options }) => leads.convert(principal, leadId, options),
    }),
  ];
}
