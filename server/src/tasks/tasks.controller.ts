import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IfMatch, Versioned } from '../common/http/etag.js';
import { IdParam, Operation, ZodBody, ZodQuery } from '../common/http/zod-route.decorators.js';
import { CreateTaskInput, ListTasksQuery, TaskListOutput, TaskOutput, UpdateTaskInput } from './tasks.schemas.js';
import { TasksService } from './tasks.service.js';

@Controller('tasks')
export class TasksController {
  constructor(@Inject(TasksService) private readonly tasks: TasksService) {}

  @Get()
  @Operation({ summary: 'List tasks by due time (mine, status, overdue, due this week, by record; keyset pagination)', response: TaskListOutput })
  list(@CurrentPrincipal() principal: Principal, @ZodQuery(ListTasksQuery) query: ListTasksQuery) {
    return this.tasks.list(principal, query);
  }

  @Post()
  @Versioned()
  @Operation({ summary: 'Create a task', response: TaskOutput, status: 201 })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreateTaskInput) input: CreateTaskInput) {
    return this.tasks.create(principal, input);
  }

  @Get(':id')
  @Versioned()
  @Operation({ summary: 'Get a task', response: TaskOutput })
  get(@CurrentPrincipal() principal: Principal, @IdParam('Task') id: string) {
    return this.tasks.get(principal, id);
  }

  @Patch(':id')
  @Versioned()
  @Operation({ summary: 'Update a task (partial; status done records who completed it and when)', response: TaskOutput })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Task') id: string,
    @ZodBody(UpdateTaskInput) input: UpdateTaskInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.tasks.update(principal, id, input, expectedVersion);
  }

  @Delete(':id')
  @Operation({ summary: 'Delete a task', status: 204 })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Task') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    await this.tasks.delete(principal, id, expectedVersion);
  }
}
