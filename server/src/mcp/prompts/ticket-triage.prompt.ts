import { z } from 'zod';
import { completeFrom } from '../../lookups/completion-page.js';
import { ListTicketsQuery, TICKET_PRIORITIES, TICKET_STATUSES, type TicketOutput } from '../../tickets/tickets.schemas.js';
import { daysSince, definePrompt, resourceMessage, textMessage } from './prompt-definition.js';
import type { PromptServices } from './prompt-services.js';

const UNFINISHED = ['OPEN', 'IN_PROGRESS', 'WAITING'] as const;

const Args = z.strictObject({
  priority: z.enum(TICKET_PRIORITIES).optional().describe(`Only this priority: ${TICKET_PRIORITIES.join(', ')} (default: all).`),
  status: z.enum(TICKET_STATUSES).optional().describe(`Only this status (default: ${UNFINISHED.join(', ')}).`),
});

const SHOWN = 50;
const RANK: Record<string, number> = { URGENT: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

export function ticketTriagePrompt({ tickets }: PromptServices) {
  return definePrompt({
    name: 'ticket_triage',
    title: 'Ticket triage',
    description: 'Open support tickets by priority and age: what to handle first, who should take it, what to answer.',
    args: Args,
    tools: ['ticket_list', 'fetch', 'ticket_update'],
    complete: {
      priority: async (_principal, typed) => completeFrom(TICKET_PRIORITIES, typed),
      status: async (_principal, typed) => completeFrom(TICKET_STATUSES, typed),
    },
    async build(principal, args) {
      const statuses = args.status ? [args.status] : [...UNFINISHED];
      // Oldest first, so the cap keeps the tickets that waited longest.
      const page = await tickets.list(principal, ListTicketsQuery.parse({
        status: statuses, direction: 'asc', limit: SHOWN, includeTotal: true, ...(args.priority ? { priority: [args.priority] } : {}),
      }));
      const ordered = [...page.items].sort((a, b) => RANK[a.priority]! - RANK[b.priority]! || a.createdAt.localeCompare(b.createdAt));
      const text = [
        `Triage the support tickets of my CRM workspace in status ${statuses.join(' or ')}` +
          `${args.priority ? ` with priority ${args.priority}` : ''} (data as of ${new Date().toISOString()}): ` +
          `${ordered.length} shown of ${page.total ?? ordered.length}, by priority, then oldest first.`,
        '',
        ...(ordered.length ? ordered.map(ticketLine) : ['(no tickets match)']),
        '',
        'What to do:',
        '1. Say which tickets to handle first and why (priority, age, waiting customer).',
        '2. Suggest a priority change where one looks wrong, and a first answer for the top tickets.',
        '3. Ask me before changing anything. Then use ticket_update (status, priority, assigneeId). fetch shows one ' +
          'ticket in full, or the person behind it (by contactId), and ticket_list (with nextCursor) the rest.',
      ].join('\n');
      return {
        description: 'Triage of unfinished support tickets',
        messages: [textMessage(text), ...ordered.map((ticket) => resourceMessage({ kind: 'ticket', id: ticket.id }, ticket))],
      };
    },
  });
}

function ticketLine(ticket: TicketOutput): string {
  return `- [${ticket.priority}] ${ticket.subject}: ${ticket.status}, opened ${daysSince(ticket.createdAt)} day(s) ago, ` +
    `last change ${daysSince(ticket.updatedAt)} day(s) ago${ticket.assigneeId ? '' : ', unassigned'} (id ${ticket.id})`;
}
