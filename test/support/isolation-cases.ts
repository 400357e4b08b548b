import { fresh, type Tenant } from './isolation-fixtures.js';

/**
 * What B must get when it names A's values:
 * - 404 / 400: exactly the answer a random missing value gets on the same route;
 * - 'empty': a 200 list with no items, again identical to a random value's answer;
 * - 'accepted': success, because uniqueness is per tenant (a 409 would reveal A's data);
 * - 'own_only': the caller's own data, none of A's.
 */
export type Expectation = 404 | 400 | 'empty' | 'accepted' | 'own_only';

export interface IsolationCase {
  route: string;
  name: string;
  /** The values the request names: A's when B probes, B's own for the check that the request works. */
  refs: (t: Tenant) => string[];
  /** The request made by `self` naming `v`; paths are below /api. */
  request: (v: string[], self: Tenant) => { path: string; body?: unknown };
  expect: Expectation;
  /** B's own records for the working-request check when it would use up a shared one. */
  fresh?: (t: Tenant) => Promise<Partial<Tenant>>;
  /** Status of that check when it is not a success: what a leak would look like. */
  control?: number;
}

const list = (path: string, params: Record<string, string>) =>
  ({ path: `${path}?${new URLSearchParams({ ...params, includeTotal: 'true' })}` });
const at = (path: string, body?: unknown) => ({ path, body });
const one = (pick: (t: Tenant) => string) => (t: Tenant) => [pick(t)];

export const CASES: IsolationCase[] = [
  { route: 'get /api/auth/me', name: 'shows only the caller', refs: (t) => [t.ownerId, t.tenantId],
    request: () => at('/auth/me'), expect: 'own_only' },

  // Contacts
  { route: 'get /api/contacts', name: 'filter by owner', refs: one((t) => t.memberId),
    request: (v) => list('/contacts', { ownerId: v[0]! }), expect: 'empty' },
  { route: 'get /api/contacts', name: 'search by term', refs: one((t) => t.term),
    request: (v) => list('/contacts', { q: v[0]! }), expect: 'empty' },
  { route: 'get /api/contacts', name: 'search by email', refs: one((t) => t.contactEmail),
    request: (v) => list('/contacts', { q: v[0]! }), expect: 'empty' },
  { route: 'get /api/contacts', name: 'filter by company', refs: one((t) => t.company),
    request: (v) => list('/contacts', { company: v[0]! }), expect: 'empty' },
  { route: 'post /api/contacts', name: 'owner is A\'s member', refs: one((t) => t.memberId),
    request: (v) => at('/contacts', { firstName: 'Probe', ownerId: v[0] }), expect: 404 },
  { route: 'get /api/contacts/{id}', name: 'A\'s contact', refs: one((t) => t.contactId),
    request: (v) => at(`/contacts/${v[0]}`), expect: 404 },
  { route: 'get /api/contacts/{id}', name: 'A\'s converted contact', refs: one((t) => t.convertedContactId),
    request: (v) => at(`/contacts/${v[0]}`), expect: 404 },
  { route: 'patch /api/contacts/{id}', name: 'A\'s contact', refs: one((t) => t.contactId),
    request: (v) => at(`/contacts/${v[0]}`, { firstName: 'Hacked' }), expect: 404 },
  { route: 'patch /api/contacts/{id}', name: 'own contact, owner is A\'s member', refs: one((t) => t.memberId),
    request: (v, b) => at(`/contacts/${b.contactId}`, { ownerId: v[0] }), expect: 404 },
  { route: 'delete /api/contacts/{id}', name: 'A\'s contact', refs: one((t) => t.contactId),
    request: (v) => at(`/contacts/${v[0]}`), expect: 404, fresh: fresh.contact },

  // Leads
  { route: 'get /api/leads', name: 'filter by owner', refs: one((t) => t.memberId),
    request: (v) => list('/leads', { ownerId: v[0]! }), expect: 'empty' },
  { route: 'get /api/leads', name: 'search by term', refs: one((t) => t.term),
    request: (v) => list('/leads', { q: v[0]! }), expect: 'empty' },
  { route: 'get /api/leads', name: 'filter by source', refs: one((t) => t.source),
    request: (v) => list('/leads', { source: v[0]! }), expect: 'empty' },
  { route: 'post /api/leads', name: 'owner is A\'s member', refs: one((t) => t.memberId),
    request: (v) => at('/leads', { name: 'Probe', ownerId: v[0] }), expect: 404 },
  { route: 'get /api/leads/{id}', name: 'A\'s lead', refs: one((t) => t.leadId),
    request: (v) => at(`/leads/${v[0]}`), expect: 404 },
  { route: 'get /api/leads/{id}', name: 'A\'s converted lead', refs: one((t) => t.convertedLeadId),
    request: (v) => at(`/leads/${v[0]}`), expect: 404 },
  { route: 'patch /api/leads/{id}', name: 'A\'s lead', refs: one((t) => t.leadId),
    request: (v) => at(`/leads/${v[0]}`, { status: 'CONTACTED' }), expect: 404, fresh: fresh.lead },
  { route: 'patch /api/leads/{id}', name: 'A\'s converted lead', refs: one((t) => t.convertedLeadId),
    request: (v) => at(`/leads/${v[0]}`, { status: 'NEW' }), expect: 404, control: 422 },
  { route: 'patch /api/leads/{id}', name: 'own lead, owner is A\'s member', refs: one((t) => t.memberId),
    request: (v, b) => at(`/leads/${b.leadId}`, { ownerId: v[0] }), expect: 404 },
  { route: 'post /api/leads/{id}/convert', name: 'A\'s lead', refs: one((t) => t.leadId),
    request: (v) => at(`/leads/${v[0]}/convert`, {}), expect: 404, fresh: fresh.lead },
  { route: 'post /api/leads/{id}/convert', name: 'A\'s converted lead', refs: one((t) => t.convertedLeadId),
    request: (v) => at(`/leads/${v[0]}/convert`, {}), expect: 404, control: 422 },
  { route: 'post /api/leads/{id}/convert', name: 'own lead into A\'s pipeline', refs: one((t) => t.pipelineId),
    request: (v, b) => at(`/leads/${b.leadId}/convert`, { deal: { pipelineId: v[0] } }), expect: 404, fresh: fresh.lead },
  { route: 'post /api/leads/{id}/convert', name: 'own lead into A\'s stage', refs: one((t) => t.stageIds[0]!),
    request: (v, b) => at(`/leads/${b.leadId}/convert`, { deal: { stageId: v[0] } }), expect: 404, fresh: fresh.lead },
  { route: 'post /api/leads/{id}/convert', name: 'own lead, deal owned by A\'s member', refs: one((t) => t.memberId),
    request: (v, b) => at(`/leads/${b.leadId}/convert`, { deal: { ownerId: v[0] } }), expect: 404, fresh: fresh.lead },
  { route: 'post /api/leads/{id}/convert', name: 'own lead linked to A\'s contact', refs: one((t) => t.contactId),
    request: (v, b) => at(`/leads/${b.leadId}/convert`, { contactId: v[0] }), expect: 404, fresh: fresh.lead },
  { route: 'post /api/leads/{id}/convert', name: 'own lead, A\'s stage name', refs: one((t) => t.stageName),
    request: (v, b) => at(`/leads/${b.leadId}/convert`, { deal: { pipelineId: b.pipelineId, stage: v[0] } }), expect: 400, fresh: fresh.lead },

  // Deals
  { route: 'get /api/deals', name: 'filter by custom pipeline', refs: one((t) => t.pipelineId),
    request: (v) => list('/deals', { pipelineId: v[0]! }), expect: 'empty' },
  { route: 'get /api/deals', name: 'filter by default pipeline', refs: one((t) => t.defaultPipelineId),
    request: (v) => list('/deals', { pipelineId: v[0]! }), expect: 'empty' },
  { route: 'get /api/deals', name: 'filter by stage id', refs: one((t) => t.stageIds[0]!),
    request: (v) => list('/deals', { stage: v[0]! }), expect: 'empty' },
  { route: 'get /api/deals', name: 'filter by stage id and status', refs: one((t) => t.stageIds[0]!),
    request: (v) => list('/deals', { stage: v[0]!, status: 'open' }), expect: 'empty' },
  { route: 'get /api/deals', name: 'filter by A\'s stage name', refs: one((t) => t.stageName),
    request: (v) => list('/deals', { stage: v[0]! }), expect: 400 },
  { route: 'get /api/deals', name: 'filter by A\'s pipeline and stage name', refs: (t) => [t.pipelineId, t.stageName],
    request: (v) => list('/deals', { pipelineId: v[0]!, stage: v[1]! }), expect: 400 },
  { route: 'get /api/deals', name: 'filter by owner', refs: one((t) => t.memberId),
    request: (v) => list('/deals', { ownerId: v[0]! }), expect: 'empty' },
  { route: 'get /api/deals', name: 'filter by contact', refs: one((t) => t.contactId),
    request: (v) => list('/deals', { contactId: v[0]! }), expect: 'empty' },
  { route: 'get /api/deals', name: 'filter by converted contact', refs: one((t) => t.convertedContactId),
    request: (v) => list('/deals', { contactId: v[0]! }), expect: 'empty' },
  { route: 'get /api/deals', name: 'search by term', refs: one((t) => t.term),
    request: (v) => list('/deals', { q: v[0]! }), expect: 'empty' },
  { route: 'post /api/deals', name: 'in A\'s pipeline', refs: one((t) => t.pipelineId),
    request: (v) => at('/deals', { title: 'Probe', pipelineId: v[0] }), expect: 404 },
  { route: 'post /api/deals', name: 'in A\'s stage', refs: one((t) => t.stageIds[0]!),
    request: (v) => at('/deals', { title: 'Probe', stageId: v[0] }), expect: 404 },
  { route: 'post /api/deals', name: 'in A\'s default stage', refs: one((t) => t.defaultStageIds[0]!),
    request: (v) => at('/deals', { title: 'Probe', stageId: v[0] }), expect: 404 },
  { route: 'post /api/deals', name: 'own pipeline, A\'s stage', refs: one((t) => t.stageIds[0]!),
    request: (v, b) => at('/deals', { title: 'Probe', pipelineId: b.pipelineId, stageId: v[0] }), expect: 404 },
  { route: 'post /api/deals', name: 'own pipeline, A\'s stage name', refs: one((t) => t.stageName),
    request: (v, b) => at('/deals', { title: 'Probe', pipelineId: b.pipelineId, stage: v[0] }), expect: 400 },
  { route: 'post /api/deals', name: 'with A\'s contact', refs: one((t) => t.contactId),
    request: (v) => at('/deals', { title: 'Probe', contactId: v[0] }), expect: 404 },
  { route: 'post /api/deals', name: 'owned by A\'s member', refs: one((t) => t.memberId),
    request: (v) => at('/deals', { title: 'Probe', ownerId: v[0] }), expect: 404 },
  { route: 'get /api/deals/{id}', name: 'A\'s deal', refs: one((t) => t.dealId),
    request: (v) => at(`/deals/${v[0]}`), expect: 404 },
  { route: 'get /api/deals/{id}', name: 'A\'s converted deal', refs: one((t) => t.convertedDealId),
    request: (v) => at(`/deals/${v[0]}`), expect: 404 },
  { route: 'patch /api/deals/{id}', name: 'A\'s deal', refs: one((t) => t.dealId),
    request: (v) => at(`/deals/${v[0]}`, { title: 'Hacked', value: '1.00', currency: 'EUR' }), expect: 404 },
  { route: 'patch /api/deals/{id}', name: 'A\'s deal into its won stage', refs: (t) => [t.dealId, t.stageIds[1]!],
    request: (v) => at(`/deals/${v[0]}`, { stageId: v[1] }), expect: 404, fresh: fresh.deal },
  { route: 'patch /api/deals/{id}', name: 'own deal into A\'s pipeline', refs: one((t) => t.pipelineId),
    request: (v, b) => at(`/deals/${b.dealId}`, { pipelineId: v[0] }), expect: 404, fresh: fresh.deal },
  { route: 'patch /api/deals/{id}', name: 'own deal into A\'s stage', refs: one((t) => t.stageIds[1]!),
    request: (v, b) => at(`/deals/${b.dealId}`, { stageId: v[0] }), expect: 404, fresh: fresh.deal },
  { route: 'patch /api/deals/{id}', name: 'own deal, A\'s stage name', refs: one((t) => t.stageName),
    request: (v, b) => at(`/deals/${b.dealId}`, { stage: v[0] }), expect: 400 },
  { route: 'patch /api/deals/{id}', name: 'own deal with A\'s contact', refs: one((t) => t.contactId),
    request: (v, b) => at(`/deals/${b.dealId}`, { contactId: v[0] }), expect: 404 },
  { route: 'patch /api/deals/{id}', name: 'own deal owned by A\'s member', refs: one((t) => t.memberId),
    request: (v, b) => at(`/deals/${b.dealId}`, { ownerId: v[0] }), expect: 404 },
  { route: 'delete /api/deals/{id}', name: 'A\'s deal', refs: one((t) => t.dealId),
    request: (v) => at(`/deals/${v[0]}`), expect: 404, fresh: fresh.deal },

  // Pipelines and stages
  { route: 'get /api/pipelines', name: 'lists only own pipelines', refs: (t) => [t.pipelineId, t.defaultPipelineId],
    request: () => at('/pipelines'), expect: 'own_only' },
  { route: 'get /api/pipelines/{id}', name: 'A\'s custom pipeline', refs: one((t) => t.pipelineId),
    request: (v) => at(`/pipelines/${v[0]}`), expect: 404 },
  { route: 'get /api/pipelines/{id}', name: 'A\'s default pipeline', refs: one((t) => t.defaultPipelineId),
    request: (v) => at(`/pipelines/${v[0]}`), expect: 404 },
  { route: 'put /api/pipelines/{id}/stages/order', name: 'A\'s pipeline with its stages', refs: (t) => [t.pipelineId, ...t.stageIds],
    request: (v) => at(`/pipelines/${v[0]}/stages/order`, { stageIds: v.slice(1) }), expect: 404 },
  { route: 'put /api/pipelines/{id}/stages/order', name: 'A\'s default pipeline', refs: (t) => [t.defaultPipelineId, ...t.defaultStageIds],
    request: (v) => at(`/pipelines/${v[0]}/stages/order`, { stageIds: v.slice(1) }), expect: 404 },
  { route: 'put /api/pipelines/{id}/stages/order', name: 'own pipeline with A\'s stages', refs: (t) => t.stageIds,
    request: (v, b) => at(`/pipelines/${b.pipelineId}/stages/order`, { stageIds: v }), expect: 400 },
  { route: 'post /api/pipelines/{id}/stages', name: 'A\'s custom pipeline', refs: one((t) => t.pipelineId),
    request: (v) => at(`/pipelines/${v[0]}/stages`, { name: 'Injected', probability: 5, position: 0 }), expect: 404 },
  { route: 'post /api/pipelines/{id}/stages', name: 'A\'s default pipeline', refs: one((t) => t.defaultPipelineId),
    request: (v) => at(`/pipelines/${v[0]}/stages`, { name: 'Injected', probability: 5 }), expect: 404 },
  { route: 'patch /api/stages/{id}', name: 'A\'s custom stage', refs: one((t) => t.stageIds[0]!),
    request: (v) => at(`/stages/${v[0]}`, { probability: 33 }), expect: 404 },
  { route: 'patch /api/stages/{id}', name: 'rename A\'s won stage', refs: one((t) => t.stageIds[1]!),
    request: (v) => at(`/stages/${v[0]}`, { name: 'Renamed won' }), expect: 404 },
  { route: 'patch /api/stages/{id}', name: 'A\'s default stage kind', refs: one((t) => t.defaultStageIds[1]!),
    request: (v) => at(`/stages/${v[0]}`, { kind: 'LOST' }), expect: 404 },

  // Tickets
  { route: 'get /api/tickets', name: 'filter by assignee', refs: one((t) => t.memberId),
    request: (v) => list('/tickets', { assigneeId: v[0]! }), expect: 'empty' },
  { route: 'get /api/tickets', name: 'filter by owner as assignee', refs: one((t) => t.ownerId),
    request: (v) => list('/tickets', { assigneeId: v[0]! }), expect: 'empty' },
  { route: 'get /api/tickets', name: 'filter by contact', refs: one((t) => t.contactId),
    request: (v) => list('/tickets', { contactId: v[0]! }), expect: 'empty' },
  { route: 'get /api/tickets', name: 'search by term', refs: one((t) => t.term),
    request: (v) => list('/tickets', { q: v[0]!, status: 'OPEN,CLOSED' }), expect: 'empty' },
  { route: 'post /api/tickets', name: 'about A\'s contact', refs: one((t) => t.contactId),
    request: (v) => at('/tickets', { subject: 'Probe', contactId: v[0] }), expect: 404 },
  { route: 'post /api/tickets', name: 'assigned to A\'s member', refs: one((t) => t.memberId),
    request: (v) => at('/tickets', { subject: 'Probe', assigneeId: v[0] }), expect: 404 },
  { route: 'post /api/tickets', name: 'assigned to A\'s owner', refs: one((t) => t.ownerId),
    request: (v) => at('/tickets', { subject: 'Probe', assigneeId: v[0] }), expect: 404 },
  { route: 'get /api/tickets/{id}', name: 'A\'s ticket', refs: one((t) => t.ticketId),
    request: (v) => at(`/tickets/${v[0]}`), expect: 404 },
  { route: 'get /api/tickets/{id}', name: 'A\'s closed ticket', refs: one((t) => t.closedTicketId),
    request: (v) => at(`/tickets/${v[0]}`), expect: 404 },
  { route: 'patch /api/tickets/{id}', name: 'A\'s ticket', refs: one((t) => t.ticketId),
    request: (v) => at(`/tickets/${v[0]}`, { priority: 'URGENT', status: 'CLOSED' }), expect: 404, fresh: fresh.ticket },
  { route: 'patch /api/tickets/{id}', name: 'A\'s closed ticket', refs: one((t) => t.closedTicketId),
    request: (v) => at(`/tickets/${v[0]}`, { priority: 'LOW' }), expect: 404, control: 422 },
  { route: 'patch /api/tickets/{id}', name: 'reopen A\'s closed ticket', refs: one((t) => t.closedTicketId),
    request: (v) => at(`/tickets/${v[0]}`, { status: 'OPEN', reopen: true }), expect: 404, fresh: fresh.closedTicket },
  { route: 'patch /api/tickets/{id}', name: 'own ticket about A\'s contact', refs: one((t) => t.contactId),
    request: (v, b) => at(`/tickets/${b.ticketId}`, { contactId: v[0] }), expect: 404 },
  { route: 'patch /api/tickets/{id}', name: 'own ticket assigned to A\'s member', refs: one((t) => t.memberId),
    request: (v, b) => at(`/tickets/${b.ticketId}`, { assigneeId: v[0] }), expect: 404 },
  { route: 'post /api/tickets/{id}/reopen', name: 'A\'s closed ticket', refs: one((t) => t.closedTicketId),
    request: (v) => at(`/tickets/${v[0]}/reopen`), expect: 404, fresh: fresh.closedTicket },
  { route: 'post /api/tickets/{id}/reopen', name: 'A\'s open ticket', refs: one((t) => t.ticketId),
    request: (v) => at(`/tickets/${v[0]}/reopen`), expect: 404 },
  { route: 'delete /api/tickets/{id}', name: 'A\'s ticket', refs: one((t) => t.ticketId),
    request: (v) => at(`/tickets/${v[0]}`), expect: 404, fresh: fresh.ticket },
  { route: 'delete /api/tickets/{id}', name: 'A\'s closed ticket', refs: one((t) => t.closedTicketId),
    request: (v) => at(`/tickets/${v[0]}`), expect: 404, fresh: fresh.closedTicket },

  // Last: these write B rows carrying A's values, which the searches above must not find.
  { route: 'post /api/contacts', name: 'A\'s email is free in B', refs: one((t) => t.contactEmail),
    request: (v) => at('/contacts', { firstName: 'Probe', email: v[0] }), expect: 'accepted' },
  { route: 'post /api/pipelines', name: 'A\'s pipeline name is free in B', refs: one((t) => t.pipelineName),
    request: (v) => at('/pipelines', { name: v[0], stages: [{ name: 'Only', probability: 10 }] }), expect: 'accepted' },
];
