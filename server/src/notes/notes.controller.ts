import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IfMatch, Versioned } from '../common/http/etag.js';
import { IdParam, Operation, ZodBody, ZodQuery } from '../common/http/zod-route.decorators.js';
import { CreateNoteInput, ListNotesQuery, NoteListOutput, NoteOutput, UpdateNoteInput } from './notes.schemas.js';
import { NotesService } from './notes.service.js';

@Controller('notes')
export class NotesController {
  constructor(@Inject(NotesService) private readonly notes: NotesService) {}

  @Get()
  @Operation({ summary: 'List the notes linked to a record (record=crm://…), newest first', response: NoteListOutput })
  list(@CurrentPrincipal() principal: Principal, @ZodQuery(ListNotesQuery) query: ListNotesQuery) {
    return this.notes.list(principal, query);
  }

  @Post()
  @Versioned()
  @Operation({ summary: 'Write a note about one or more records', response: NoteOutput, status: 201 })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreateNoteInput) input: CreateNoteInput) {
    return this.notes.create(principal, input);
  }

  @Get(':id')
  @Versioned()
  @Operation({ summary: 'Get a note', response: NoteOutput })
  get(@CurrentPrincipal() principal: Principal, @IdParam('Note') id: string) {
    return this.notes.get(principal, id);
  }

  @Patch(':id')
  @Versioned()
  @Operation({ summary: 'Change a note (its author, or an admin)', response: NoteOutput })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Note') id: string,
    @ZodBody(UpdateNoteInput) input: UpdateNoteInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.notes.update(principal, id, input, expectedVersion);
  }

  @Delete(':id')
  @Operation({ summary: 'Delete a note (its author, or an admin)', status: 204 })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Note') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    await this.notes.delete(principal, id, expectedVersion);
  }
}
