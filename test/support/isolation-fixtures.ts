import { randomBytes } from 'node:crypto';
import { createMember, signUp } from './accounts.js';
import { type Api, apiAs, createContact, createTicket } from './factories-contacts-tickets.js';
import { createDeal, createLead, defaultPipeline } from './factories-deals-leads.js';
import { PrismaClient } from '../../server/src/generated/prisma/client.js';
import type { TestApp } from './test-app.js';

/** One tenant holding one record of every kind; `term` is a word found only in its records. */
export interface Tenant {
  api: Api;
  /** The owner's access token, the one `api` sends. */
  accessToken: string;
  tenantId: string;
  ownerId: string;
  /** Carries `term`, so a probe naming it can be compared with a random password. */
  ownerPassword: string;
  memberId: string;
  memberEmail: string;
  term: string;
  apiKeyId: string;
  apiKeyName: string;
  invitationId: string;
  /** Adds a fresh MEMBER to this tenant; returns its user id. */
  addMember: () => Promise<string>;
  /** An OAuth grant (connected app) of the owner, written directly: no browser flow needed. */
  grantId: string;
  /** Adds a grant for this tenant's caller; returns its id. */
  addGrant: () => Promise<string>;
  contactId: string;
  contactEmail: string;
  company: string;
  /** A company record (contact and deal link to it), its domain and industry: all carry `term`. */
  companyId: string;
  companyDomain: string;
  industry: string;
  leadId: string;
  source: string;
  convertedLeadId: string;
  convertedContactId: string;
  convertedDealId: string;
  defaultPipelineId: string;
  defaultStageIds: string[];
  pipelineId: string;
  pipelineName: string;
  stageIds: string[];
  stageName: string;
  dealId: string;
  ticketId: string;
  closedTicketId: string;
  /** A note by the owner about the contact and the deal. */
  noteId: string;
  /** A task assigned to the member, about the contact. */
  taskId: string;
  /** A contact in the trash (deleted, not purged). */
  trashedContactId: string;
  /** The owner's latest change (to the contact): its change set and change ids. */
  changeSetId: string;
  changeId: string;
}

async function ok<Body>(api: Api, method: string, path: string, body?: unknown): Promise<Body> {
  const response = await api<Body>(method, path, body);
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function seedTenant(testApp: TestApp, label: string): Promise<Tenant> {
  const term = `${label}${randomBytes(5).toString('hex')}`;
  const ownerPassword = `password ${term}`;
  const account = await signUp(testApp.baseUrl, { company: `Company ${term}`, password: ownerPassword });
  const api = apiAs(testApp.baseUrl, account.accessToken);
  const member = await createMember(testApp.app, account.tenantId);
  const apiKeyName = `Key ${term}`;
  const apiKey = await ok<{ id: string }>(api, 'POST', '/api-keys', { name: apiKeyName, scopes: ['crm:read'] });
  const invitation = await ok<{ id: string }>(api, 'POST', '/invitations', { email: `${term}.invitee@example.test` });
  const addGrant = () => createGrant(testApp, account.tenantId, account.userId, term);
  const grantId = await addGrant();
  const company = `${term} Corp`;
  const companyDomain = `${term}.example.com`;
  const industry = `${term} industry`;
  const companyRecord = await ok<{ id: string }>(api, 'POST', '/companies', {
    name: `${term} Holdings`, domain: companyDomain, industry, ownerId: member.userId,
  });
  const contact = await createContact(api, {
    firstName: 'Ada', lastName: term, email: `${term}@example.test`, company, phone: `+1 555 ${term}`, ownerId: member.userId,
    companyId: companyRecord.id,
  });
  const source = `${term}-source`;
  const lead = await createLead(api, { name: `Lead ${term}`, company, email: `${term}.lead@example.test`, source, ownerId: member.userId });
  const toConvert = await createLead(api, { name: `Converted ${term}`, email: `${term}.conv@example.test`, ownerId: member.userId });
  const converted = await ok<{ contact: { id: string }; deal: { id: string } }>(api, 'POST', `/leads/${toConvert.id}/convert`, {
    createDeal: true, deal: { title: `Converted deal ${term}` },
  });
  const byDefault = await defaultPipeline(api);
  const stageName = `Stage ${term} one`;
  const pipeline = await ok<{ id: string; stages: { id: string }[] }>(api, 'POST', '/pipelines', {
    name: `Pipeline ${term}`,
    stages: [{ name: stageName, probability: 10 }, { name: `Stage ${term} won`, probability: 100, kind: 'WON' }],
  });
  const deal = await createDeal(api, {
    title: `Deal ${term}`, pipelineId: pipeline.id, stageId: pipeline.stages[0]!.id, contactId: contact.id, ownerId: member.userId,
    companyId: companyRecord.id,
  });
  const ticket = await createTicket(api, { subject: `Ticket ${term}`, contactId: contact.id, assigneeId: member.userId });
  const closed = await createTicket(api, { subject: `Closed ${term}`, assigneeId: account.userId });
  await ok(api, 'PATCH', `/tickets/${closed.id}`, { status: 'CLOSED' });
  const note = await createNote(api, [{ kind: 'contact', id: contact.id }, { kind: 'deal', id: deal.id }], `Note ${term}`);
  const task = await createTask(api, { title: `Task ${term}`, assigneeId: member.userId, links: [{ kind: 'contact', id: contact.id }] });
  const { trashedContactId } = await fresh.trashedContact({ api } as Tenant);
  const { changeSetId, changeId } = await fresh.change({ api } as Tenant);
  return {
    api, accessToken: account.accessToken, tenantId: account.tenantId, ownerId: account.userId, ownerPassword, memberId: member.userId, memberEmail: member.email, term,
    apiKeyId: apiKey.id, apiKeyName, invitationId: invitation.id,
    addMember: async () => (await createMember(testApp.app, account.tenantId)).userId,
    grantId, addGrant,
    contactId: contact.id, contactEmail: contact.email!, company,
    companyId: companyRecord.id, companyDomain, industry,
    leadId: lead.id, source, convertedLeadId: toConvert.id,
    convertedContactId: converted.contact.id, convertedDealId: converted.deal.id,
    defaultPipelineId: byDefault.id, defaultStageIds: byDefault.stages.map((stage) => stage.id),
    pipelineId: pipeline.id, pipelineName: `Pipeline ${term}`, stageIds: pipeline.stages.map((stage) => stage.id), stageName,
    dealId: deal.id, ticketId: ticket.id, closedTicketId: closed.id,
    noteId: note.id, taskId: task.id,
    trashedContactId, changeSetId, changeId,
  };
}

/** Fresh records for cases whose success check (run as B on B's own data) uses a record up. */
export const fresh = {
  contact: async (t: Tenant) => ({ contactId: (await createContact(t.api)).id }),
  company: async (t: Tenant) => ({ companyId: (await ok<{ id: string }>(t.api, 'POST', '/companies', { name: 'Fresh company' })).id }),
  lead: async (t: Tenant) => ({ leadId: (await createLead(t.api)).id }),
  deal: async (t: Tenant) => ({ dealId: (await createDeal(t.api)).id }),
  ticket: async (t: Tenant) => ({ ticketId: (await createTicket(t.api)).id }),
  apiKey: async (t: Tenant) => ({ apiKeyId: (await ok<{ id: string }>(t.api, 'POST', '/api-keys', { name: 'Fresh', scopes: ['crm:read'] })).id }),
  invitation: async (t: Tenant) => ({
    invitationId: (await ok<{ id: string }>(t.api, 'POST', '/invitations', { email: `fresh-${randomBytes(4).toString('hex')}@example.test` })).id,
  }),
  member: async (t: Tenant) => ({ memberId: await t.addMember() }),
  grant: async (t: Tenant) => ({ grantId: await t.addGrant() }),
  note: async (t: Tenant) => ({ noteId: (await createNote(t.api, [{ kind: 'contact', id: t.contactId }])).id }),
  task: async (t: Tenant) => ({ taskId: (await createTask(t.api)).id }),
  /** A change of the caller's own, to undo: a new contact's create. */
  change: async (t: Tenant) => {
    const contact = await createContact(t.api, { firstName: 'Undoable' });
    const timeline = await ok<{ items: { changeSetId: string; changeId: string }[] }>(t.api, 'GET', `/timeline?record=crm://contacts/${contact.id}`);
    return { changeSetId: timeline.items[0]!.changeSetId, changeId: timeline.items[0]!.changeId };
  },
  trashedContact: async (t: Tenant) => {
    const contact = await createContact(t.api, { firstName: 'Trashed' });
    await ok(t.api, 'DELETE', `/contacts/${contact.id}`);
    return { trashedContactId: contact.id };
  },
  closedTicket: async (t: Tenant) => {
    const ticket = await createTicket(t.api);
    await ok(t.api, 'PATCH', `/tickets/${ticket.id}`, { status: 'CLOSED' });
    return { closedTicketId: ticket.id };
  },
};

async function createNote(api: Api, links: { kind: string; id: string }[], body = 'A note'): Promise<{ id: string }> {
  return ok<{ id: string }>(api, 'POST', '/notes', { body, links });
}

async function createTask(api: Api, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  // Due long ago, so it is overdue: the overdue filter has something to find.
  return ok<{ id: string }>(api, 'POST', '/tasks', { title: 'A task', dueAt: '2020-01-06T09:00:00Z', ...overrides });
}

/** A connected app of `userId` in the tenant, as the OAuth consent step would record it. */
export async function createGrant(testApp: TestApp, tenantId: string, userId: string, label: string): Promise<string> {
  const grant = await testApp.app.get(PrismaClient).oAuthGrant.create({
    data: { tenantId, userId, clientId: `client-${label}`, clientName: `App ${label}`, scopes: ['crm:read'], resource: 'http://localhost:3001/api/mcp' },
  });
  return grant.id;
}
