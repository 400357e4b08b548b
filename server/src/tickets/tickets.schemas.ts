import { z } from 'zod';
import { pageOutput, paginationQuery } from '../common/pagination/cursor.js';
import { deletedOutput, recordAuditFields, recordVersionField } from '../common/schemas/record-fields.js';

export const TICKET_STATUSES = ['OPEN', 'IN_PROGRESS', 'WAITING', 'RESOLVED', 'CLOSED'] as const;
export const TICKET_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;

const subject = z.string().min(1).max(200).regex(/\S/, 'must not be blank').describe('One-line summary, e.g. "Cannot log in".');
const description = z.string().max(20_000).describe('Full description of the problem or request.');
// A move the workflow does not allow is refused with the allowed next states, so the model learns them when it matters.
const status = z.enum(TICKET_STATUSES).describe('Workflow state; a CLOSED ticket reopens only with reopen: true.');
const priority = z.enum(TICKET_PRIORITIES).describe('Urgency.');
const contactId = z.uuid().describe('Id of the contact this ticket is about.');
const assigneeId = z.uuid().describe('User id of the workspace member handling the ticket.');

export const CreateTicketInput = z.strictObject({
  subject,
  description: description.optional(),
  priority: priority.default('MEDIUM').describe('Urgency (default MEDIUM).'),
  contactId: contactId.optional(),
  assigneeId: assigneeId.optional(),
}).describe('A new support ticket; it starts OPEN.');
export type CreateTicketInput = z.infer<typeof CreateTicketInput>;

// Omitted fields stay as they are; null clears an optional field.
export const UpdateTicketInput = z.strictObject({
  subject: subject.optional(),
  description: description.nullable().optional(),
  status: status.optional(),
  reopen: z.boolean().optional()
    .describe('Must be true, together with status OPEN, to re-open a CLOSED ticket; nothing else.'),
  priority: priority.optional(),
  contactId: contactId.nullable().optional(),
  assigneeId: assigneeId.nullable().optional(),
}).describe('Fields to change; omitted fields are left unchanged, null clears a field.');
export type UpdateTicketInput = z.infer<typeof UpdateTicketInput>;

export const ListTicketsQuery = z.strictObject({
  status: z.array(status).min(1).max(TICKET_STATUSES.length).optional()
    .describe('Only tickets in one of these states, e.g. ["OPEN","IN_PROGRESS"] (REST: status=OPEN,IN_PROGRESS).'),
  priority: z.array(priority).min(1).max(TICKET_PRIORITIES.length).optional()
    .describe('Only tickets with one of these priorities, e.g. ["HIGH","URGENT"].'),
  assigneeId: z.uuid().optional().describe('Only tickets assigned to this user id.'),
  contactId: z.uuid().optional().describe('Only tickets about this contact id.'),
  q: z.string().min(1).max(200).optional().describe('Case-insensitive text found in the subject or description.'),
  direction: z.enum(['asc', 'desc']).default('desc')
    .describe('By creation time (default desc).'),
  ...paginationQuery,
});
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;

export const TicketOutput = z.object({
  id: z.uuid().describe('Ticket id.'),
  subject: z.string().describe('One-line summary.'),
  description: z.string().nullable().describe('Full description.'),
  status: z.enum(TICKET_STATUSES).describe('Workflow state.'),
  priority: z.enum(TICKET_PRIORITIES).describe('Urgency.'),
  contactId: z.uuid().nullable().describe('Contact the ticket is about, if any.'),
  assigneeId: z.uuid().nullable().describe('User id of the assigned member, if any.'),
  resolvedAt: z.iso.datetime().nullable().describe('When it was last resolved, ISO 8601 UTC; null unless RESOLVED or CLOSED.'),
  closedAt: z.iso.datetime().nullable().describe('When it was closed, ISO 8601 UTC; null unless CLOSED.'),
  ...recordVersionField,
  ...recordAuditFields,
}).describe('A support ticket.');
export type TicketOutput = z.infer<typeof TicketOutput>;

export const TicketListOutput = pageOutput(TicketOutput).describe('One page of tickets.');
export type TicketListOutput = z.infer<typeof TicketListOutput>;

export const DeletedTicketOutput = deletedOutput('ticket');
export type DeletedTicketOutput = z.infer<typeof DeletedTicketOutput>;
