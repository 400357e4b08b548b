import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IfMatch, Versioned } from '../common/http/etag.js';
import { IdParam, Operation, ZodBody, ZodQuery } from '../common/http/zod-route.decorators.js';
import {
  CompanyDetailOutput,
  CompanyListOutput,
  CompanyOutput,
  CreateCompanyInput,
  ListCompaniesQuery,
  UpdateCompanyInput,
} from './companies.schemas.js';
import { CompaniesService } from './companies.service.js';

@Controller('companies')
export class CompaniesController {
  constructor(@Inject(CompaniesService) private readonly companies: CompaniesService) {}

  @Get()
  @Operation({ summary: 'List companies (search, filters, keyset pagination)', response: CompanyListOutput })
  list(@CurrentPrincipal() principal: Principal, @ZodQuery(ListCompaniesQuery) query: ListCompaniesQuery) {
    return this.companies.list(principal, query);
  }

  @Post()
  @Versioned()
  @Operation({ summary: 'Create a company', response: CompanyOutput, status: 201 })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreateCompanyInput) input: CreateCompanyInput) {
    return this.companies.create(principal, input);
  }

  @Get(':id')
  @Versioned()
  @Operation({ summary: 'Get a company with its contacts, open deals and open pipeline value', response: CompanyDetailOutput })
  get(@CurrentPrincipal() principal: Principal, @IdParam('Company') id: string) {
    return this.companies.get(principal, id);
  }

  @Patch(':id')
  @Versioned()
  @Operation({ summary: 'Update a company (partial)', response: CompanyOutput })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Company') id: string,
    @ZodBody(UpdateCompanyInput) input: UpdateCompanyInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.companies.update(principal, id, input, expectedVersion);
  }

  @Delete(':id')
  @Operation({ summary: 'Move a company to the trash; its contacts and deals keep their link for a restore', status: 204 })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Company') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    await this.companies.delete(principal, id, expectedVersion);
  }
}
