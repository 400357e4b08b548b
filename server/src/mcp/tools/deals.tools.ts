import { z } from 'zod';
import { expectedVersionField } from '../../common/schemas/record-fields.js';
import { CreateDealInput, DealOutput, ListDealsQuery, UpdateDealInput } from '../../deals/deals.schemas.js';
import type { DealsService } from '../../deals/deals.service.js';
import { listOutput } from '../list-output.js';
import { CREATES, crmTool, READ_ONLY, UPDATES, type ToolDefinition } from '../tool-definition.js';

const id = z.uuid().describe('Deal id, as returned by deal_list or deal_create.');

export function dealTools(deals: DealsService): ToolDefinition[] {
  return [
    crmTool({
      toolset: 'deals',
      name: 'deal_list',
      title: 'List deals',
      description:
        'List deals (potential sales), newest first, by pipeline, stage, status, contact, company, owner, value or title text (q).',
      input: ListDealsQuery,
      output: listOutput(DealOutput, 'deals'),
      annotations: READ_ONLY,
      handler: (principal, input) => deals.list(principal, input),
    }),
    crmTool({
      toolset: 'deals',
      name: 'deal_create',
      title: 'Create deal',
      description:
        'Create a deal, by default in the first stage of the default pipeline; value is a decimal string with its currency.',
      input: CreateDealInput,
      output: DealOutput,
      annotations: CREATES,
      handler: (principal, input) => deals.create(principal, input),
    }),
    crmTool({
      toolset: 'deals',
      name: 'deal_update',
      title: 'Update deal',
      description:
        'Change a deal or move it to another stage, e.g. "Negotiation", or "Closed Won" to win it (sets closedAt).',
      input: z.strictObject({ id, ...expectedVersionField, ...UpdateDealInput.shape }),
      output: DealOutput,
      annotations: UPDATES,
      handler: (principal, { id: dealId, expectedVersion, ...changes }) =>
        deals.update(principal, dealId, changes, expectedVersion),
    }),
  ];
}
