import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { DealsModule } from '../deals/deals.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { NotesModule } from '../notes/notes.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PipelinesModule } from '../pipelines/pipelines.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { RecordFetcher } from './record-fetcher.js';
import { RecordReader } from './record-reader.js';

/** Reading any record by kind and id, or by id or URI alone (fetch). */
@Module({
  imports: [ContactsModule, CompaniesModule, DealsModule, LeadsModule, TicketsModule, PipelinesModule, NotesModule, TasksModule],
  providers: [RecordReader, RecordFetcher],
  exports: [RecordReader, RecordFetcher],
})
export class RecordsModule {}
