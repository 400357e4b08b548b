import { z } from 'zod';
import { expectedVersionField } from '../../common/schemas/record-fields.js';
import { CreateTaskInput, ListTasksQuery, TaskOutput, UpdateTaskInput } from '../../tasks/tasks.schemas.js';
import type { TasksService } from '../../tasks/tasks.service.js';
import { listOutput } from '../list-output.js';
import { CREATES, crmTool, READ_ONLY, UPDATES, type ToolDefinition } from '../tool-definition.js';

const id = z.uuid().describe('Task id, as returned by task_list or task_create.');

export function taskTools(tasks: TasksService): ToolDefinition[] {
  return [
    crmTool({
      name: 'task_list',
      toolset: 'tasks',
      title: 'List tasks',
      description: 'List tasks, soonest due first: e.g. mine + status open, overdue, or dueWithin week.',
      input: ListTasksQuery,
      output: listOutput(TaskOutput, 'tasks'),
      annotations: READ_ONLY,
      handler: (principal, input) => tasks.list(principal, input),
    }),
    crmTool({
      name: 'task_create',
      toolset: 'tasks',
      title: 'Create task',
      description: 'Create an open task with a due time, assigned to you unless assigneeId says otherwise.',
      input: CreateTaskInput,
      output: TaskOutput,
      annotations: CREATES,
      handler: (principal, input) => tasks.create(principal, input),
    }),
    crmTool({
      name: 'task_update',
      toolset: 'tasks',
      title: 'Update task',
      description: 'Change a task; status "done" completes it (records who and when), "open" reopens it.',
      input: z.strictObject({ id, ...expectedVersionField, ...UpdateTaskInput.shape }),
      output: TaskOutput,
      annotations: UPDATES,
      handler: (principal, { id: taskId, expectedVersion, ...changes }) => tasks.update(principal, taskId, changes, expectedVersion),
    }),
  ];
}
