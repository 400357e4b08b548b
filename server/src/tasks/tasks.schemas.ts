import { z } from 'zod';
import { pageOutput, paginationQuery } from '../common/pagination/cursor.js';
import { deletedOutput, recordAuditFields, recordVersionField } from '../common/schemas/record-fields.js';
import { MAX_LINKS, RecordLink, recordLinks, recordUriFilter } from '../links/record-links.schemas.js';
import { TICKET_PRIORITIES } from '../tickets/tickets.schemas.js';
import { isTimeZone } from './due-window.js';

export const TASK_STATUSES = ['open', 'done'] as const;
// The ticket priorities fit tasks as they are (one Postgres enum for both).
export const TASK_PRIORITIES = TICKET_PRIORITIES;

const title = z.string().min(1).max(200).regex(/\S/, 'must not be blank').describe('What to do, e.g. "Call Ada about the renewal".');
const dueAt = z.iso.datetime({ offset: true })
  .describe('Due date and time, ISO 8601 with an offset, e.g. "2026-12-04T17:00:00+01:00".');
const status = z.enum(TASK_STATUSES).describe('open, or done (sets completedAt and completedById; open again clears them).');
const priority = z.enum(TASK_PRIORITIES).describe('LOW, MEDIUM, HIGH or URGENT.');
const assigneeId = z.uuid().describe('User id of the workspace member who should do it.');
const links = recordLinks.describe(`Records this task is about, 0 to ${MAX_LINKS}, e.g. [{"kind":"deal","id":"…"}].`);

export const CreateTaskInput = z.strictObject({
  title,
  dueAt,
  priority: priority.default('MEDIUM').describe('LOW, MEDIUM (default), HIGH or URGENT.'),
  assigneeId: assigneeId.nullable().optional().describe('Member who should do it; omitted: the caller; null: nobody yet.'),
  links: links.optional(),
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
  mine: z.boolean().optional().describe('true: only tasks assigned to the caller ("my tasks").'),
  assigneeId: z.uuid().optional().describe('Only tasks assigned to this user id.'),
  status: status.optional().describe('Only open or only done tasks.'),
  overdue: z.boolean().optional().describe('true: only open tasks whose due time has passed.'),
  dueWithin: z.enum(['today', 'week']).optional()
    .describe('Only tasks due today, or this week (Monday 00:00 to Monday 00:00), on the clock of timezone.'),
  timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone name, e.g. "Europe/Berlin" or "UTC"').default('UTC')
    .describe('IANA time zone for dueWithin, e.g. "Europe/Berlin" (default UTC).'),
  dueAfter: timestampFilter.optional().describe('Only tasks due at or after this ISO 8601 time.'),
  dueBefore: timestampFilter.optional().describe('Only tasks due strictly before this ISO 8601 time.'),
  record: recordUriFilter.optional().describe('Only tasks linked to this record, as its URI, e.g. crm://deals/<id>.'),
  direction: z.enum(['asc', 'desc']).default('asc').describe('Order by due time: asc (soonest first, default) or desc.'),
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
