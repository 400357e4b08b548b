import type { DealOutput } from '../../server/src/deals/deals.schemas.js';
import type { LeadOutput } from '../../server/src/leads/leads.schemas.js';
import type { PipelineOutput } from '../../server/src/pipelines/pipelines.schemas.js';
import type { Api } from './factories-contacts-tickets.js';

let sequence = 0;

export async function defaultPipeline(api: Api): Promise<PipelineOutput> {
  const response = await api<{ items: PipelineOutput[] }>('GET', '/pipelines');
  const pipeline = response.body.items.find((item) => item.isDefault);
  if (!pipeline) throw new Error(`no default pipeline: ${response.status} ${JSON.stringify(response.body)}`);
  return pipeline;
}

export async function createDeal(api: Api, overrides: Record<string, unknown> = {}): Promise<DealOutput> {
  sequence += 1;
  const response = await api<DealOutput>('POST', '/deals', {
    title: `Deal ${sequence}`, value: '1000.00', currency: 'USD', ...overrides,
  });
  if (response.status !== 201) throw new Error(`create deal: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function createLead(api: Api, overrides: Record<string, unknown> = {}): Promise<LeadOutput> {
  sequence += 1;
  const response = await api<LeadOutput>('POST', '/leads', {
    name: `Lead Person${sequence}`,
    company: `Company ${sequence}`,
    email: `lead-${sequence}-${Math.random().toString(36).slice(2, 8)}@example.test`,
    source: 'website',
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`create lead: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export function pathsOf(body: { errors?: { path: string }[] }): string[] {
  return (body.errors ?? []).map((issue) => issue.path).sort();
}
