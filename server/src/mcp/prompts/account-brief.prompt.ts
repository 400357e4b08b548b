import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Principal } from '../../common/auth/principal.js';
import { toDomainError } from '../../common/errors/to-domain-error.js';
import type { ContactOutput } from '../../contacts/contacts.schemas.js';
import { ListDealsQuery, type DealOutput } from '../../deals/deals.schemas.js';
import { ListTicketsQuery, type TicketOutput } from '../../tickets/tickets.schemas.js';
import { daysSince, definePrompt, resourceMessage, textMessage } from './prompt-definition.js';
import type { PromptServices } from './prompt-services.js';

const Args = z.strictObject({
  contact: z.string().min(1).max(200).describe('The contact: full name as completed (e.g. "Jane Smith") or contact id.'),
});

const uuid = z.uuid();

export function accountBriefPrompt(services: PromptServices) {
  const { deals, tickets, lookup } = services;
  return definePrompt({
    name: 'account_brief',
    title: 'Account brief',
    description: 'Everything about one contact: details, deals and support tickets, summarised for a call or meeting.',
    args: Args,
    tools: ['fetch', 'contact_update', 'deal_list', 'deal_update', 'ticket_list', 'ticket_update'],
    complete: {
      contact: (principal, typed) => lookup.contactNames(principal, typed),
    },
    async build(principal, args) {
      const contact = await findContact(services, principal, args.contact);
      const [dealPage, ticketPage] = await Promise.all([
        deals.list(principal, ListDealsQuery.parse({ contactId: contact.id, limit: 100 })),
        tickets.list(principal, ListTicketsQuery.parse({ contactId: contact.id, limit: 100 })),
      ]);
      // The records go in the text as well as in the resources: Gemini CLI hands its model the
      // first message's text and drops the rest.
      const text = [
        `Brief me on ${contact.name}${contact.company ? ` of ${contact.company}` : ''} from my CRM workspace ` +
          `(data as of ${new Date().toISOString()}).`,
        '',
        contactLine(contact),
        `Deals (${dealPage.items.length}):`,
        ...(dealPage.items.length ? dealPage.items.map(dealLine) : ['(none)']),
        `Tickets (${ticketPage.items.length}):`,
        ...(ticketPage.items.length ? ticketPage.items.map(ticketLine) : ['(none)']),
        '',
        'What to do:',
        '1. Who they are: role, company, how to reach them, notes.',
        '2. Business: open deals with stage, value and expected close; what was won or lost.',
        '3. Support: unfinished tickets first, with priority and age.',
        '4. Suggest talking points and next steps. Ask before changing anything; then use contact_update, deal_update or ' +
          'ticket_update. fetch shows a record in full (by id); deal_list and ticket_list (filter by contactId) page further.',
      ].join('\n');
      return {
        description: `Account brief for ${contact.name}`,
        messages: [
          textMessage(text),
          resourceMessage({ kind: 'contact', id: contact.id }, contact),
          ...dealPage.items.map((deal) => resourceMessage({ kind: 'deal', id: deal.id }, deal)),
          ...ticketPage.items.map((ticket) => resourceMessage({ kind: 'ticket', id: ticket.id }, ticket)),
        ],
      };
    },
  });
}

function contactLine(contact: ContactOutput): string {
  const role = [contact.jobTitle, contact.company].filter(Boolean).join(' at ');
  const details = [role, contact.email, contact.phone, contact.notes ? `notes: ${clip(contact.notes, 500)}` : null].filter(Boolean);
  return `Contact: ${contact.name}; ${details.join('; ') || 'no details'} (id ${contact.id})`;
}

function dealLine(deal: DealOutput): string {
  const close = deal.closedAt ? `, closed ${deal.closedAt.slice(0, 10)}` : deal.expectedCloseDate ? `, expected close ${deal.expectedCloseDate}` : '';
  return `- ${deal.title}: ${deal.value} ${deal.currency}, stage ${deal.stage.name} (${deal.status})${close}, ` +
    `last change ${daysSince(deal.updatedAt)} day(s) ago (id ${deal.id})`;
}

function ticketLine(ticket: TicketOutput): string {
  return `- [${ticket.priority}] ${ticket.subject}: ${ticket.status}, opened ${daysSince(ticket.createdAt)} day(s) ago, ` +
    `last change ${daysSince(ticket.updatedAt)} day(s) ago (id ${ticket.id})`;
}

const clip = (text: string, size: number) => (text.length > size ? `${text.slice(0, size)}…` : text);

async function findContact({ contacts, lookup }: PromptServices, principal: Principal, given: string): Promise<ContactOutput> {
  if (uuid.safeParse(given).success) {
    try {
      return await contacts.get(principal, given);
    } catch (error) {
      if (toDomainError(error)?.code !== 'not_found') throw error;
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No contact with id ${given} in this workspace. Use contact_list to find one.`);
    }
  }
  const [match] = await lookup.contactsNamed(principal, given);
  if (!match) {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No contact named "${given}" in this workspace. Complete the name, or use contact_list to find one.`);
  }
  return contacts.get(principal, match.id);
}
