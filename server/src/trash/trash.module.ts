import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { DealsModule } from '../deals/deals.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { NotesModule } from '../notes/notes.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { TrashPurgeJob } from './trash-purge.job.js';
import { TrashController } from './trash.controller.js';
import { TrashService } from './trash.service.js';

@Module({
  imports: [ContactsModule, CompaniesModule, LeadsModule, DealsModule, TicketsModule, NotesModule, TasksModule],
  controllers: [TrashController],
  providers: [TrashService, TrashPurgeJob],
  exports: [TrashService, TrashPurgeJob],
})
export class TrashModule {}
