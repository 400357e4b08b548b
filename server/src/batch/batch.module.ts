import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { DealsModule } from '../deals/deals.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { BATCH_CONTROLLERS } from './batch.controllers.js';
import { BatchService } from './batch.service.js';

/** Batch creates and updates over several kinds: REST `POST /api/<kind>/batch` and the MCP `batch` tool. */
@Module({
  imports: [CompaniesModule, ContactsModule, LeadsModule, DealsModule],
  controllers: BATCH_CONTROLLERS,
  providers: [BatchService],
  exports: [BatchService],
})
export class BatchModule {}
