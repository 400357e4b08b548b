import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IfMatch, Versioned } from '../common/http/etag.js';
import { IdParam, Operation, ZodBody, ZodQuery } from '../common/http/zod-route.decorators.js';
import {
  ConvertLeadInput, ConvertLeadOutput, CreateLeadInput, LeadListOutput, LeadOutput, ListLeadsQuery, UpdateLeadInput,
} from './leads.schemas.js';
import { LeadsService } from './leads.service.js';

@Controller('leads')
export class LeadsController {
  constructor(@Inject(LeadsService) private readonly leads: LeadsService) {}

  @Get()
  @Operation({ summary: 'List leads (status, source, search, keyset pagination)', response: LeadListOutput })
  list(@CurrentPrincipal() principal: Principal, @ZodQuery(ListLeadsQuery) query: ListLeadsQuery) {
    return this.leads.list(principal, query);
  }

  @Post()
  @Versioned()
  @Operation({ summary: 'Create a lead', response: LeadOutput, status: 201 })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreateLeadInput) input: CreateLeadInput) {
    return this.leads.create(principal, input);
  }

  @Get(':id')
  @Versioned()
  @Operation({ summary: 'Get a lead', response: LeadOutput })
  get(@CurrentPrincipal() principal: Principal, @IdParam('Lead') id: string) {
    return this.leads.get(principal, id);
  }

  @Patch(':id')
  @Versioned()
  @Operation({ summary: 'Update a lead (partial); status changes follow the allowed transitions', response: LeadOutput })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Lead') id: string,
    @ZodBody(UpdateLeadInput) input: UpdateLeadInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.leads.update(principal, id, input, expectedVersion);
  }

  @Post(':id/convert')
  @Operation({ summary: 'Convert a lead into a contact and optionally a deal', response: ConvertLeadOutput, status: 201 })
  convert(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Lead') id: string,
    @ZodBody(ConvertLeadInput) input: ConvertLeadInput,
  ) {
    return this.leads.convert(principal, id, input);
  }

  @Delete(':id')
  @Operation({ summary: 'Move a lead to the trash (undo restores it)', status: 204 })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Lead') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    await this.leads.delete(principal, id, expectedVersion);
  }
}
