import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/client';
import { createMember } from './support/accounts.js';
import { apiAs, createContact, type ApiResponse } from './support/factories-contacts-tickets.js';
import { createLead } from './support/factories-deals-leads.js';
import { CASES, type IsolationCase } from './support/isolation-cases.js';
import { createGrant, fresh, seedTenant, type Tenant } from './support/isolation-fixtures.js';
import { callTool, connectMcp, textOf, type McpConnection } from './support/mcp-client.js';
import { declaredRoutes, pathMatches, servedRoutes } from './support/served-routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Role × route and role × tool: who may call what, written out as reviewed tables. Each
// protected route and each CRM tool is called, with a request that works, as a viewer, a
// member, an admin and an owner of one workspace: below the row's role the answer must be
// 403 forbidden (an isError result on MCP), from it up a success. A route or tool the app
// serves without a row here fails the first tests.

jest.setTimeout(240_000);

type RoleName = 'viewer' | 'member' | 'admin' | 'owner';
const ROLES: RoleName[] = ['viewer', 'member', 'admin', 'owner'];

// The lowest role allowed; every role above it is allowed too (the policy is ordered).
const ROUTES = `
  get    /api/api-keys                         viewer
  post   /api/api-keys                         viewer
  delete /api/api-keys/{id}                    admin    another member's key (your own: any role)
  get    /api/audit                            admin
  get    /api/auth/me                          viewer
  post   /api/auth/password                    viewer
  post   /api/auth/switch-workspace            viewer
  get    /api/auth/workspaces                  viewer
  post   /api/change-sets/{changeSetId}/undo   admin    another member's change (your own: member)
  post   /api/changes/{changeId}/undo          admin    another member's change (your own: member)
  get    /api/companies                        viewer
  post   /api/companies                        member
  get    /api/companies/{id}                   viewer
  patch  /api/companies/{id}                   member
  delete /api/companies/{id}                   member
  post   /api/companies/batch                  member
  get    /api/connected-apps                   viewer
  delete /api/connected-apps/{id}              viewer   your own grant
  get    /api/contacts                         viewer
  post   /api/contacts                         member
  get    /api/contacts/{id}                    viewer
  patch  /api/contacts/{id}                    member
  delete /api/contacts/{id}                    member
  post   /api/contacts/batch                   member
  get    /api/deals                            viewer
  post   /api/deals                            member
  get    /api/deals/{id}                       viewer
  patch  /api/deals/{id}                       member
  delete /api/deals/{id}                       member
  post   /api/deals/batch                      member
  get    /api/invitations                      admin
  post   /api/invitations                      admin
  delete /api/invitations/{id}                 admin
  get    /api/leads                            viewer
  post   /api/leads                            member
  get    /api/leads/{id}                       viewer
  patch  /api/leads/{id}                       member
  delete /api/leads/{id}                       member
  post   /api/leads/{id}/convert               member
  post   /api/leads/batch                      member
  get    /api/members                          viewer
  patch  /api/members/{id}                     admin
  delete /api/members/{id}                     admin
  get    /api/notes                            viewer
  post   /api/notes                            member
  get    /api/notes/{id}                       viewer
  patch  /api/notes/{id}                       admin    another member's note (your own: member)
  delete /api/notes/{id}                       admin    another member's note (your own: member)
  get    /api/pipelines                        viewer
  post   /api/pipelines                        admin
  get    /api/pipelines/{id}                   viewer
  post   /api/pipelines/{id}/stages            admin
  put    /api/pipelines/{id}/stages/order      admin
  get    /api/search                           viewer
  patch  /api/stages/{id}                      admin
  get    /api/tasks                            viewer
  post   /api/tasks                            member
  get    /api/tasks/{id}                       viewer
  patch  /api/tasks/{id}                       member
  delete /api/tasks/{id}                       member
  get    /api/tickets                          viewer
  post   /api/tickets                          member
  get    /api/tickets/{id}                     viewer
  patch  /api/tickets/{id}                     member
  delete /api/tickets/{id}                     member
  post   /api/tickets/{id}/reopen              member
  get    /api/timeline                         viewer
  delete /api/trash/{collection}/{id}          admin
  get    /api/workspace/api-keys               admin
`;

const TOOLS: Record<string, RoleName> = {
  search: 'viewer', fetch: 'viewer',
  contact_list: 'viewer', contact_create: 'member', contact_update: 'member',
  lead_list: 'viewer', lead_create: 'member', lead_update: 'member', lead_convert: 'member',
  deal_list: 'viewer', deal_create: 'member', deal_update: 'member',
  ticket_list: 'viewer', ticket_create: 'member', ticket_update: 'member',
  company_list: 'viewer', company_create: 'member', company_update: 'member',
  pipeline_list: 'viewer', pipeline_create: 'admin', stage_add: 'admin', stage_update: 'admin', stage_reorder: 'admin',
  batch: 'member',
  // The workspace's note is the owner's: changing it takes an admin (see notes:moderate).
  note_create: 'member', note_update: 'admin',
  task_list: 'viewer', task_create: 'member', task_update: 'member',
  record_delete: 'member', record_purge: 'admin',
  timeline: 'viewer', audit_list: 'admin', change_undo: 'member',
};
// Public tools act before there is a caller, so no role applies.
const PUBLIC_TOOLS = ['auth_sign_in', 'auth_sign_up'];

const minimumRole = new Map(
  ROUTES.trim().split('\n').map((line) => {
    const [method, path, role] = line.trim().split(/\s+/) as [string, string, RoleName];
    return [`${method} ${path}`, role] as const;
  }),
);
const allowed = (role: RoleName, minimum: RoleName) => ROLES.indexOf(role) >= ROLES.indexOf(minimum);

// Requests for routes whose isolation cases all name the other tenant's values in a way
// that conflicts on the caller's own (an email or name already taken).
const OVERRIDES: Record<string, (t: Tenant) => { path: string; body?: unknown }> = {
  'post /api/api-keys': () => ({ path: '/api-keys', body: { name: 'matrix', scopes: ['crm:read'] } }),
  'post /api/invitations': () => ({ path: '/invitations', body: { email: `matrix-${randomBytes(4).toString('hex')}@example.test` } }),
  // The default pipeline, so the reorder row still names every stage of the custom one.
  'post /api/pipelines/{id}/stages': (t) => ({ path: `/pipelines/${t.defaultPipelineId}/stages`, body: { name: `Matrix ${randomBytes(4).toString('hex')}`, probability: 5 } }),
  'post /api/pipelines': () => ({ path: '/pipelines', body: { name: `Matrix ${randomBytes(4).toString('hex')}`, stages: [{ name: 'Only', probability: 10 }] } }),
};

/** A request that works on the caller's own workspace: the route's first isolation case that is not a conflict probe. */
function requestCase(route: string): Pick<IsolationCase, 'request' | 'refs' | 'fresh'> | undefined {
  const override = OVERRIDES[route];
  if (override) return { refs: () => [], request: (_v, self) => override(self) };
  return CASES.find((c) => c.route === route && c.expect !== 'accepted' && c.control === undefined);
}

let testApp: TestApp;
let workspace: Tenant;
const callers = new Map<RoleName, { tenant: Tenant; token: string }>();
const mcp = new Map<RoleName, McpConnection>();

beforeAll(async () => {
  testApp = await startTestApp();
  workspace = await seedTenant(testApp, 'rm');
  callers.set('owner', { tenant: workspace, token: workspace.accessToken });
  for (const role of ['viewer', 'member', 'admin'] as const) {
    const member = await createMember(testApp.app, workspace.tenantId, role.toUpperCase() as 'VIEWER');
    // Requests are built from the workspace's records; the password is the caller's own.
    const tenant = {
      ...workspace,
      api: apiAs(testApp.baseUrl, member.accessToken),
      ownerPassword: member.password,
      addGrant: () => createGrant(testApp, workspace.tenantId, member.userId, `rm-${role}`),
    };
    callers.set(role, { tenant, token: member.accessToken });
  }
}, 240_000);
afterAll(async () => {
  await Promise.all([...mcp.values()].map((connection) => connection.close()));
  await testApp?.close();
});

test('every protected route the app serves has exactly one row, and a request that works', () => {
  const declared = declaredRoutes(testApp.app);
  expect([...declared.keys()].sort()).toEqual(servedRoutes(testApp.app));
  const protectedRoutes = [...declared].filter(([, { guard }]) => guard === 'bearer').map(([route]) => route).sort();
  expect([...minimumRole.keys()].sort()).toEqual(protectedRoutes);
  expect(protectedRoutes.filter((route) => !requestCase(route))).toEqual([]);
});

describe.each([...minimumRole.keys()])('%s', (route) => {
  test(`allowed from ${minimumRole.get(route)} up, 403 below`, async () => {
    const minimum = minimumRole.get(route)!;
    const chosen = requestCase(route)!;
    const answers: string[] = [];
    const expected: string[] = [];
    // Owner last: an owner's change (a role, a removal) must not undo the others' fixtures first.
    for (const role of ROLES) {
      const { tenant } = callers.get(role)!;
      // Records a request uses up are made by the owner, so they are another member's for the caller.
      // (A grant, though, is the caller's own: grants are personal.)
      const own = chosen.fresh ? { ...tenant, ...(await chosen.fresh({ ...workspace, addGrant: tenant.addGrant })) } : tenant;
      const { path, body } = chosen.request(chosen.refs(own), own);
      expect(pathMatches(route.split(' ')[1]!, `/api${path.split('?')[0]}`)).toBe(true);
      const response: ApiResponse = await own.api(route.split(' ')[0]!.toUpperCase(), path, body);
      answers.push(`${role}: ${outcome(response)}`);
      expected.push(`${role}: ${allowed(role, minimum) ? 'allowed' : 'forbidden'}`);
    }
    expect(answers).toEqual(expected);
  });
});

function outcome(response: ApiResponse): string {
  if (response.status < 300) return 'allowed';
  if (response.status === 403 && response.body?.code === 'forbidden') return 'forbidden';
  return `${response.status} ${JSON.stringify(response.body)}`;
}

describe('MCP tools', () => {
  let tools: string[];

  beforeAll(async () => {
    for (const role of ROLES) {
      mcp.set(role, await connectMcp(testApp.baseUrl, { token: callers.get(role)!.token }));
    }
    tools = (await mcp.get('owner')!.client.listTools()).tools.map((tool) => tool.name);
  }, 120_000);

  test('every tool has a row', () => {
    expect([...Object.keys(TOOLS), ...PUBLIC_TOOLS].sort()).toEqual(expect.arrayContaining(tools.sort()));
    expect(tools.filter((tool) => !(tool in TOOLS) && !PUBLIC_TOOLS.includes(tool))).toEqual([]);
  });

  test.each(Object.entries(TOOLS))('%s: allowed from %s up, refused below', async (tool, minimum) => {
    const answers: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      const result = await callToolAs(mcp.get(role)!.client, tool, await argumentsFor(tool, role));
      answers.push(`${role}: ${result}`);
      expected.push(`${role}: ${allowed(role, minimum) ? 'allowed' : 'refused'}`);
    }
    expect(answers).toEqual(expected);
  });
});

/** 'allowed', 'refused' (an isError naming the role or scope, or a protocol refusal), or what came back instead. */
async function callToolAs(client: Client, tool: string, args: Record<string, unknown>): Promise<string> {
  try {
    const result = await callTool(client, tool, args);
    if (!result.isError) return 'allowed';
    const text = textOf(result);
    return /role|scope/i.test(text) ? 'refused' : `isError ${text}`;
  } catch (error) {
    // A transport that filters tools by scope refuses a viewer's write as a protocol error.
    return /scope|forbidden|403|not found|unknown tool/i.test((error as Error).message) ? 'refused' : `threw ${(error as Error).message}`;
  }
}

async function argumentsFor(tool: string, role: RoleName): Promise<Record<string, unknown>> {
  const t = workspace;
  switch (tool) {
    case 'search': return { q: t.term };
    case 'fetch': return { id: `crm://companies/${t.companyId}` };
    case 'company_create': return { name: 'Matrix company' };
    case 'company_update': return { id: t.companyId, industry: 'Matrix' };
    case 'contact_create': return { firstName: 'Matrix' };
    case 'contact_update': return { id: t.contactId, jobTitle: 'Matrix' };
    case 'timeline': return { record: `crm://contacts/${t.contactId}` };
    // The caller's own change (a viewer cannot make one: the owner's, refused all the same).
    case 'change_undo': return { changeSetId: (await fresh.change(role === 'viewer' ? t : callers.get(role)!.tenant)).changeSetId };
    case 'record_delete': return { kind: 'contact', id: (await createContact(t.api)).id };
    case 'record_purge': return { kind: 'contact', id: (await fresh.trashedContact(t)).trashedContactId };
    case 'lead_create': return { name: 'Matrix lead' };
    case 'lead_update': return { id: t.leadId, notes: 'matrix' };
    case 'lead_convert': return { id: (await createLead(t.api)).id };
    case 'deal_create': return { title: 'Matrix deal' };
    case 'deal_update': return { id: t.dealId, title: 'Matrix deal' };
    case 'ticket_create': return { subject: 'Matrix ticket' };
    case 'ticket_update': return { id: t.ticketId, priority: 'HIGH' };
    case 'pipeline_create': return { name: `Matrix ${randomBytes(4).toString('hex')}`, stages: [{ name: 'Only', probability: 10 }] };
    // The default pipeline, so stage_reorder still names every stage of the custom one.
    case 'stage_add': return { pipelineId: t.defaultPipelineId, name: `Matrix ${randomBytes(4).toString('hex')}`, probability: 5 };
    case 'stage_update': return { id: t.stageIds[0], probability: 11 };
    case 'stage_reorder': return { pipelineId: t.pipelineId, stageIds: t.stageIds };
    case 'batch': return { contacts: { create: [{ firstName: 'Matrix batch' }] }, leads: { update: [{ id: t.leadId, notes: 'batch' }] } };
    case 'note_create': return { body: 'Matrix note', links: [{ kind: 'contact', id: t.contactId }] };
    case 'note_update': return { id: t.noteId, body: 'Matrix note' };
    case 'task_create': return { title: 'Matrix task', dueAt: '2026-12-04T09:00:00Z' };
    case 'task_update': return { id: t.taskId, priority: 'HIGH' };
    default: return {};
  }
}
