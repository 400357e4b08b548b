import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IfMatch, Versioned } from '../common/http/etag.js';
import { IdParam, Operation, ZodBody, ZodQuery } from '../common/http/zod-route.decorators.js';
import {
  CreateTicketInput,
  ListTicketsQuery,
  TicketListOutput,
  TicketOutput,
  UpdateTicketInput,
} from './tickets.schemas.js';
import { TicketsService } from './tickets.service.js';

@Controller('tickets')
export class TicketsController {
  constructor(@Inject(TicketsService) private readonly tickets: TicketsService) {}

  @Get()
  @Operation({ summary: 'List tickets (filters, search, keyset pagination)', response: TicketListOutput })
  list(@CurrentPrincipal() principal: Principal, @ZodQuery(ListTicketsQuery) query: ListTicketsQuery) {
    return this.tickets.list(principal, query);
  }

  @Post()
  @Versioned()
  @Operation({ summary: 'Open a ticket', response: TicketOutput, status: 201 })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreateTicketInput) input: CreateTicketInput) {
    return this.tickets.create(principal, input);
  }

  @Get(':id')
  @Versioned()
  @Operation({ summary: 'Get a ticket', response: TicketOutput })
  get(@CurrentPrincipal() principal: Principal, @IdParam('Ticket') id: string) {
    return this.tickets.get(principal, id);
  }

  @Patch(':id')
  @Versioned()
  @Operation({ summary: 'Update a ticket (partial; status changes follow the workflow)', response: TicketOutput })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Ticket') id: string,
    @ZodBody(UpdateTicketInput) input: UpdateTicketInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.tickets.update(principal, id, input, expectedVersion);
  }

  @Post(':id/reopen')
  @Versioned()
  @Operation({ summary: 'Re-open a resolved or closed ticket', response: TicketOutput, status: 200 })
  reopen(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Ticket') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.tickets.reopen(principal, id, expectedVersion);
  }

  @Delete(':id')
  @Operation({ summary: 'Move a ticket to the trash (undo restores it)', status: 204 })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Ticket') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    await this.tickets.delete(principal, id, expectedVersion);
  }
}
