import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IfMatch, Versioned } from '../common/http/etag.js';
import { IdParam, Operation, ZodBody, ZodQuery } from '../common/http/zod-route.decorators.js';
import {
  ContactListOutput,
  ContactOutput,
  CreateContactInput,
  ListContactsQuery,
  UpdateContactInput,
} from './contacts.schemas.js';
import { ContactsService } from './contacts.service.js';

@Controller('contacts')
export class ContactsController {
  constructor(@Inject(ContactsService) private readonly contacts: ContactsService) {}

  @Get()
  @Operation({ summary: 'List contacts (search, filters, keyset pagination)', response: ContactListOutput })
  list(@CurrentPrincipal() principal: Principal, @ZodQuery(ListContactsQuery) query: ListContactsQuery) {
    return this.contacts.list(principal, query);
  }

  @Post()
  @Versioned()
  @Operation({ summary: 'Create a contact', response: ContactOutput, status: 201 })
  create(@CurrentPrincipal() principal: Principal, @ZodBody(CreateContactInput) input: CreateContactInput) {
    return this.contacts.create(principal, input);
  }

  @Get(':id')
  @Versioned()
  @Operation({ summary: 'Get a contact', response: ContactOutput })
  get(@CurrentPrincipal() principal: Principal, @IdParam('Contact') id: string) {
    return this.contacts.get(principal, id);
  }

  @Patch(':id')
  @Versioned()
  @Operation({ summary: 'Update a contact (partial)', response: ContactOutput })
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Contact') id: string,
    @ZodBody(UpdateContactInput) input: UpdateContactInput,
    @IfMatch() expectedVersion: number | undefined,
  ) {
    return this.contacts.update(principal, id, input, expectedVersion);
  }

  @Delete(':id')
  @Operation({ summary: 'Move a contact to the trash; its deals, tickets and leads are detached (undo restores all)', status: 204 })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @IdParam('Contact') id: string,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<void> {
    await this.contacts.delete(principal, id, expectedVersion);
  }
}
