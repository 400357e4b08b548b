import type { ContactsService } from '../../contacts/contacts.service.js';
import type { DealsService } from '../../deals/deals.service.js';
import type { LeadsService } from '../../leads/leads.service.js';
import type { RecordLookupService } from '../../lookups/record-lookup.service.js';
import type { PipelinesService } from '../../pipelines/pipelines.service.js';
import type { TicketsService } from '../../tickets/tickets.service.js';

/** What the prompts read their live data from: the domain services, in-process. */
export interface PromptServices {
  contacts: ContactsService;
  deals: DealsService;
  leads: LeadsService;
  tickets: TicketsService;
  pipelines: PipelinesService;
  lookup: RecordLookupService;
}
