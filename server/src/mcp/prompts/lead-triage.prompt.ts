import { z } from 'zod';
import { LEAD_STATUSES, ListLeadsQuery, type LeadOutput } from '../../leads/leads.schemas.js';
import { completeFrom } from '../../lookups/completion-page.js';
import { completeDays, staleDaysArg, staleDaysOf } from './prompt-arguments.js';
import { daysSince, definePrompt, resourceMessage, textMessage } from './prompt-definition.js';
import type { PromptServices } from './prompt-services.js';

const Args = z.strictObject({
  status: z.enum(LEAD_STATUSES).optional().describe(`Lead status to triage: ${LEAD_STATUSES.join(', ')} (default NEW).`),
  source: z.string().min(1).max(100).optional().describe('Only leads from this source, e.g. "website".'),
  staleDays: staleDaysArg,
});

const SHOWN = 25;

export function leadTriagePrompt({ leads, lookup }: PromptServices) {
  return definePrompt({
    name: 'lead_triage',
    title: 'Lead triage',
    description: 'Go through new leads and decide for each: qualify, disqualify or convert into a contact and deal.',
    args: Args,
    tools: ['lead_list', 'fetch', 'lead_update', 'lead_convert'],
    complete: {
      status: async (_principal, typed) => completeFrom(LEAD_STATUSES, typed),
      source: (principal, typed) => lookup.leadSources(principal, typed),
      staleDays: completeDays,
    },
    async build(principal, args) {
      const status = args.status ?? 'NEW';
      const staleDays = staleDaysOf(args.staleDays);
      const page = await leads.list(principal, ListLeadsQuery.parse({
        status, limit: SHOWN, includeTotal: true, ...(args.source ? { source: args.source } : {}),
      }));
      const text = [
        `Triage the ${status} leads${args.source ? ` from "${args.source}"` : ''} of my CRM workspace ` +
          `(data as of ${new Date().toISOString()}): ${page.items.length} shown of ${page.total ?? page.items.length}.`,
        '',
        ...(page.items.length ? page.items.map((lead) => leadLine(lead, staleDays)) : ['(no leads in this status)']),
        '',
        'What to do:',
        '1. For each lead, recommend one of: qualify (status QUALIFIED), disqualify (UNQUALIFIED, say why), ' +
          'mark as contacted (CONTACTED), or convert into a contact and a deal. Only the allowed next statuses listed per lead are possible.',
        `2. Put leads untouched for ${staleDays}+ days first.`,
        '3. Ask me before changing anything. Then use lead_update for a status change and lead_convert to convert; ' +
          'fetch shows one lead in full (by id), and lead_list (with nextCursor) the rest.',
      ].join('\n');
      return {
        description: `Triage of ${status} leads`,
        messages: [textMessage(text), ...page.items.map((lead) => resourceMessage({ kind: 'lead', id: lead.id }, lead))],
      };
    },
  });
}

function leadLine(lead: LeadOutput, staleDays: number): string {
  const who = [lead.name, lead.company, lead.email].filter(Boolean).join(', ') || '(no name)';
  const age = daysSince(lead.updatedAt);
  return `- ${who}; source ${lead.source ?? 'unknown'}; last change ${age} day(s) ago${age >= staleDays ? ' [STALE]' : ''}; ` +
    `allowed next: ${lead.allowedStatuses.join(', ') || 'none'} (id ${lead.id})`;
}
