import { z } from 'zod';
import { pageOutput, paginationQuery } from '../common/pagination/cursor.js';
import { deletedOutput, recordAuditFields, recordVersionField } from '../common/schemas/record-fields.js';
import { MAX_LINKS, RecordLink, recordLinks, recordUriFilter } from '../links/record-links.schemas.js';
import { TICKET_PRIORITIES } from '../tickets/tickets.schemas.js';
import { isTimeZone } from './due-window.js';

export const TASK_STATUSES = ['open', 'done'] as const;
// The ticket priorities fit tasks as they are (one Postgres enum for both).
export const TASK_PRIORITIES = TICKET_PRIORITIES;

const title = z.string().min(1).max(200).regex(/\S/, 'must not be blank').describe('What to do.');
const dueAt = z.iso.datetime({ offset: true })
  .describe('Due time, ISO 8601 with offset, e.g. 2026-12-04T17:00:00+01:00.');
const status = z.enum(TASK_STATUSES).describe('done completes it (records who and when); open reopens it.');
const priority = z.enum(TASK_PRIORITIES).describe('Urgency.');
const assigneeId = z.uuid().describe('User id of the member who should do it; null: nobody.');
const links = recordLinks.describe(`Records it is about (up to ${MAX_LINKS}); replaces the list.`);

export const CreateTaskInput = z.strictObject({
  title,
  dueAt,
  priority: priority.default('MEDIUM').describe('Urgency (default MEDIUM).'),
  assigneeId: assigneeId.nullable().optional().describe('User id of the member who should do it; default you; null: nobody.'),
  links: recordLinks.optional().describe(`Records it is about (up to ${MAX_LINKS}).`),
}).describe('A new open task.');
export type CreateTaskInput = z.infer<typeof CreateTaskInput>;

// Omitted fields stay as they are; null clears the assignee; links, when given, replace the list.
export const UpdateTaskInput = z.strictObject({
  title: title.optional(),
  dueAt: dueAt.optional(),
  status: status.optional(),
  priority: priority.optional(),
  assigneeId: assigneeId.nullable().optional(),
  links: links.optional(),
}).describe('Fields to change; omitted fields are left unchanged, null clears the assignee, links replace the list.');
export type UpdateTaskInput = z.infer<typeof UpdateTaskInput>;

const timestampFilter = z.iso.datetime({ offset: true });

export const ListTasksQuery = z.strictObject({
  mine: z.boolean().optional().describe('Only tasks assigned to you.'),
  assigneeId: z.uuid().optional().describe('Only tasks assigned to this user id.'),
  status: z.enum(TASK_STATUSES).optional().describe('Only open or only done tasks.'),
  overdue: z.boolean().optional().describe('Only open tasks past due.'),
  dueWithin: z.enum(['today', 'week']).optional().describe('Due today, or this week (Monday to Monday), in timezone.'),
  timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone name, e.g. "Europe/Berlin" or "UTC"').default('UTC')
    .describe('IANA time zone for dueWithin (default UTC).'),
  dueAfter: timestampFilter.optional().describe('Due at or after this time.'),
  dueBefore: timestampFilter.optional().describe('Due before this time.'),
  record: recordUriFilter.optional().describe('Only tasks linked to this record URI, e.g. crm://deals/<id>.'),
  direction: z.enum(['asc', 'desc']).default('asc').describe('By due time: asc (default) or desc.'),
  ...paginationQuery,
});
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;

export const TaskOutput = z.object({
  id: z.uuid().describe('Task id.'),
  title: z.string().describe('What to do.'),
  dueAt: z.iso.datetime().describe('Due time, ISO 8601 UTC.'),
  status: z.enum(TASK_STATUSES).describe('open or done.'),
  priority: z.enum(TASK_PRIORITIES).describe('Urgency.'),
  assigneeId: z.uuid().nullable().describe('User id of the assigned member, if any.'),
  links: z.array(RecordLink).describe('The records this task is about.'),
  completedAt: z.iso.datetime().nullable().describe('When it was marked done, ISO 8601 UTC; null while open.'),
  completedById: z.uuid().nullable().describe('Who marked it done; null while open.'),
  ...recordVersionField,
  ...recordAuditFields,
}).describe('A task.');
export type TaskOutput = z.infer<typeof TaskOutput>;

export const TaskListOutput = pageOutput(TaskOutput).describe('One page of tasks, by due time.');
export type TaskListOutput = z.infer<typeof TaskListOutput>;

export const DeletedTaskOutput = deletedOutput('task');
export type DeletedTaskOutput = z.infer<typeof DeletedTaskOutput>;
