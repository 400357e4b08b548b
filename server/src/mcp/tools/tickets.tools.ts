import { z } from 'zod';
import { expectedVersionField } from '../../common/schemas/record-fields.js';
import { CreateTicketInput, ListTicketsQuery, TicketOutput, UpdateTicketInput } from '../../tickets/tickets.schemas.js';
import type { TicketsService } from '../../tickets/tickets.service.js';
import { listOutput } from '../list-output.js';
import { CREATES, crmTool, READ_ONLY, UPDATES, type ToolDefinition } from '../tool-definition.js';

const id = z.uuid().describe('Ticket id, as returned by ticket_list or ticket_create.');

export function ticketTools(tickets: TicketsService): ToolDefinition[] {
  return [
    crmTool({
      toolset: 'tickets',
      name: 'ticket_list',
      title: 'List tickets',
      description:
        'List support tickets, newest first, by status, priority, assignee, contact or text (q).',
      input: ListTicketsQuery,
      output: listOutput(TicketOutput, 'tickets'),
      annotations: READ_ONLY,
      handler: (principal, input) => tickets.list(principal, input),
    }),
    crmTool({
      toolset: 'tickets',
      name: 'ticket_create',
      title: 'Create ticket',
      description: 'Open a support ticket (status OPEN), optionally about a contact (contactId from contact_list).',
      input: CreateTicketInput,
      output: TicketOutput,
      annotations: CREATES,
      handler: (principal, input) => tickets.create(principal, input),
    }),
    crmTool({
      toolset: 'tickets',
      name: 'ticket_update',
      title: 'Update ticket',
      description:
        'Change a ticket: its status (e.g. IN_PROGRESS, RESOLVED), priority, assignee, contact or text.',
      input: z.strictObject({ id, ...expectedVersionField, ...UpdateTicketInput.shape }),
      output: TicketOutput,
      annotations: UPDATES,
      handler: (principal, { id: ticketId, expectedVersion, ...changes }) =>
        tickets.update(principal, ticketId, changes, expectedVersion),
    }),
  ];
}
