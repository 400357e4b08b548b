import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IfMatch, Versioned } from '../common/http/etag.js';
import { IdParam, Operation, ZodBody, ZodQuery } from '../common/http/zod-route.decorators.js';
import { CreateDealInput, DealListOutput, DealOutput, ListDealsQuery, UpdateDealInput } from './deals.schemas.js';
import { DealsService } from './deals.service.js';

@Controller('deals')
export class DealsController {
  constructor(@Inject(DealsService) private readonly deals: DealsService) {}

  @Get()
  @Operation({ summary: 'List deals (filters, title search, keyset pagination)', response: DealListOutput })
  list(@CurrentPrincipal() principal: Principal, @ZodQuery(ListDealsQuery) query: ListDealsQuery) {
    return this.deals.list(principal, query);
  }

  @Post()
  @Versioned()
  @Operation({ summary: 'Create a deal', response: DealOutput, status: 201 })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreateDealInput) input: CreateDealInput) {
    return this.deals.create(principal, input);
  }

  @Get(':id')
  @Versioned()
  @Operation({ summary: 'Get a deal', response: DealOutput })
  get(@CurrentPrincipal() principal: Principal, @IdParam('Deal') id: string) {
    return this.deals.get(principal, id);
  }

  @Patch(':id')
  @Versioned()
  @Operation({ summary: 'Update a deal (partial); moving stage sets or clears closedAt', response: DealOutput })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Deal') id: string,
    @ZodBody(UpdateDealInput) input: UpdateDealInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.deals.update(principal, id, input, expectedVersion);
  }

  @Delete(':id')
  @Operation({ summary: 'Move a deal to the trash (undo restores it)', status: 204 })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Deal') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    await this.deals.delete(principal, id, expectedVersion);
  }
}
