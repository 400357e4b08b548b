import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { CompaniesService } from '../companies/companies.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { DealsService } from '../deals/deals.service.js';
import type { RecordKind } from '../events/record-change.js';
import { LeadsService } from '../leads/leads.service.js';
import { NotesService } from '../notes/notes.service.js';
import { PipelinesService } from '../pipelines/pipelines.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { TicketsService } from '../tickets/tickets.service.js';

/**
 * Reads one record of any kind through its domain service's get, with the caller's
 * principal: the kind's own rules (authorization, tenant scope, trash) apply unchanged.
 * The fetch tool and MCP resources read through here.
 */
@Injectable()
export class RecordReader {
  private readonly readers: Readonly<Record<RecordKind, (principal: Principal, id: string) => Promise<object>>>;

  constructor(
    @Inject(ContactsService) contacts: ContactsService,
    @Inject(CompaniesService) companies: CompaniesService,
    @Inject(DealsService) deals: DealsService,
    @Inject(LeadsService) leads: LeadsService,
    @Inject(TicketsService) tickets: TicketsService,
    @Inject(PipelinesService) pipelines: PipelinesService,
    @Inject(NotesService) notes: NotesService,
    @Inject(TasksService) tasks: TasksService,
  ) {
    this.readers = {
      contact: (principal, id) => contacts.get(principal, id),
      company: (principal, id) => companies.get(principal, id),
      deal: (principal, id) => deals.get(principal, id),
      lead: (principal, id) => leads.get(principal, id),
      ticket: (principal, id) => tickets.get(principal, id),
      pipeline: (principal, id) => pipelines.get(principal, id),
      note: (principal, id) => notes.get(principal, id),
      task: (principal, id) => tasks.get(principal, id),
    };
  }

  /** The kinds it can read, in the order a bare id is tried. */
  get kinds(): RecordKind[] {
    return Object.keys(this.readers) as RecordKind[];
  }

  read(principal: Principal, kind: RecordKind, id: string): Promise<object> {
    return this.readers[kind](principal, id);
  }
}
