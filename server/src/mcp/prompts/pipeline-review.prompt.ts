import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { DealOutput } from '../../deals/deals.schemas.js';
import { ListDealsQuery } from '../../deals/deals.schemas.js';
import { completeDays, staleDaysArg, staleDaysOf } from './prompt-arguments.js';
import { daysSince, definePrompt, resourceMessage, textMessage } from './prompt-definition.js';
import type { PromptServices } from './prompt-services.js';

const Args = z.strictObject({
  pipeline: z.string().min(1).max(200).optional().describe('Pipeline name (default: the default pipeline).'),
  stage: z.string().min(1).max(100).optional().describe('Only this stage of the pipeline, by name.'),
  staleDays: staleDaysArg,
});

export function pipelineReviewPrompt({ pipelines, deals, lookup }: PromptServices) {
  return definePrompt({
    name: 'pipeline_review',
    title: 'Pipeline review',
    description: 'Review a sales pipeline: open deals by stage, deals gone stale, and a next step for each.',
    args: Args,
    tools: ['deal_list', 'fetch', 'deal_update', 'pipeline_list'],
    complete: {
      pipeline: (principal, typed) => lookup.pipelineNames(principal, typed),
      stage: (principal, typed, chosen) => lookup.stageNames(principal, typed, chosen.pipeline),
      staleDays: completeDays,
    },
    async build(principal, args) {
      const { items } = await pipelines.list(principal);
      const pipeline = args.pipeline
        ? items.find((p) => p.name.toLowerCase() === args.pipeline!.toLowerCase())
        : items.find((p) => p.isDefault) ?? items[0];
      if (!pipeline) {
        const names = items.map((p) => `"${p.name}"`).join(', ') || 'none yet';
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No pipeline named "${args.pipeline ?? ''}". Pipelines: ${names}. Pick one of them.`);
      }
      const staleDays = staleDaysOf(args.staleDays);
      const page = await deals.list(principal, ListDealsQuery.parse({
        pipelineId: pipeline.id, status: 'open', limit: 100, includeTotal: true, ...(args.stage ? { stage: args.stage } : {}),
      }));
      const stages = pipeline.stages.filter((s) => s.kind === 'OPEN' && (!args.stage || s.name.toLowerCase() === args.stage.toLowerCase()));
      const byStage = stages.map((stage) => {
        const inStage = page.items.filter((d) => d.stageId === stage.id);
        return [`## ${stage.name} (${stage.probability}% probability): ${inStage.length} open deal(s)`, ...inStage.map((d) => dealLine(d, staleDays))].join('\n');
      });
      const stale = page.items.filter((d) => daysSince(d.updatedAt) >= staleDays);
      const text = [
        `Review the "${pipeline.name}" pipeline (id ${pipeline.id}) of my CRM workspace (data as of ${new Date().toISOString()}).`,
        `Open deals: ${page.items.length}${page.total !== undefined && page.total > page.items.length ? ` shown of ${page.total}` : ''}; ` +
          `stale (no change for ${staleDays}+ days): ${stale.length}.`,
        '',
        ...byStage,
        '',
        'What to do:',
        '1. Summarise the pipeline stage by stage: how many deals, how much value, what stands out.',
        `2. For every stale deal, propose one concrete next step (call, proposal, close as lost) and who should act.`,
        '3. Ask me before changing anything. When I agree, record it with deal_update (move a deal by stage name, change ' +
          'expectedCloseDate, value or owner). Use fetch (with the deal id) for one deal\'s details, deal_list for more deals (pass nextCursor), ' +
          'and pipeline_list for the stages of other pipelines.',
      ].join('\n');
      return {
        description: `Review of the ${pipeline.name} pipeline`,
        messages: [textMessage(text), resourceMessage({ kind: 'pipeline', id: pipeline.id }, pipeline)],
      };
    },
  });
}

function dealLine(deal: DealOutput, staleDays: number): string {
  const age = daysSince(deal.updatedAt);
  const close = deal.expectedCloseDate ? `, expected close ${deal.expectedCloseDate}` : '';
  return `- ${deal.title}: ${deal.value} ${deal.currency}${close}, last change ${age} day(s) ago` +
    `${age >= staleDays ? ' [STALE]' : ''} (id ${deal.id})`;
}
