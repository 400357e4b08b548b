import { randomUUID } from 'node:crypto';
import { declaredRoutes, servedRoutes } from './support/served-routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The REST security surface, written out so that any change to who may call what shows up
// in review as a diff of this table. `public`: the global auth guard lets anonymous callers
// through (@Public()); `bearer`: a valid access token is required.
// The MCP endpoint is public to the REST guard because it authenticates each request itself,
// with the MCP authorization challenge (test/mcp-identity.e2e-spec.ts covers that). The OAuth endpoints
// are public by nature: they are where a client gets its token (test/oauth-*.e2e-spec.ts cover them).
const EXPECTED = `
  get    /.well-known/oauth-authorization-server          public
  get    /.well-known/oauth-protected-resource            public
  get    /.well-known/oauth-protected-resource/api/mcp    public
  get    /.well-known/openid-configuration                public
  get    /api/api-keys                         bearer
  post   /api/api-keys                         bearer
  delete /api/api-keys/{id}                    bearer
  get    /api/connected-apps                   bearer
  delete /api/connected-apps/{id}              bearer
  get    /api/oauth/assets/oauth.css           public
  get    /api/oauth/authorize                  public
  post   /api/oauth/authorize/consent          public
  post   /api/oauth/authorize/login            public
  post   /api/oauth/register                   public
  post   /api/oauth/revoke                     public
  get    /api/oauth/sign-up                    public
  post   /api/oauth/sign-up                    public
  post   /api/oauth/token                      public
  get    /api/audit                            bearer
  get    /api/auth/me                          bearer
  post   /api/auth/password                    bearer
  post   /api/auth/refresh                     public
  post   /api/auth/sign-in                     public
  post   /api/auth/sign-out                    public
  post   /api/auth/sign-up                     public
  post   /api/auth/switch-workspace            bearer
  get    /api/auth/workspaces                  bearer
  post   /api/change-sets/{changeSetId}/undo   bearer
  post   /api/changes/{changeId}/undo          bearer
  get    /api/companies                        bearer
  post   /api/companies                        bearer
  get    /api/companies/{id}                   bearer
  patch  /api/companies/{id}                   bearer
  delete /api/companies/{id}                   bearer
  post   /api/companies/batch                  bearer
  get    /api/contacts                         bearer
  post   /api/contacts                         bearer
  get    /api/contacts/{id}                    bearer
  patch  /api/contacts/{id}                    bearer
  delete /api/contacts/{id}                    bearer
  post   /api/contacts/batch                   bearer
  get    /api/deals                            bearer
  post   /api/deals                            bearer
  get    /api/deals/{id}                       bearer
  patch  /api/deals/{id}                       bearer
  delete /api/deals/{id}                       bearer
  post   /api/deals/batch                      bearer
  get    /api/docs                             public
  get    /api/docs/assets/{file}               public
  get    /api/docs/openapi.json                public
  get    /api/health                           public
  get    /api/health/live                      public
  get    /api/health/ready                     public
  get    /api/invitations                      bearer
  post   /api/invitations                      bearer
  delete /api/invitations/{id}                 bearer
  get    /api/invitations/preview              public
  get    /api/leads                            bearer
  post   /api/leads                            bearer
  get    /api/leads/{id}                       bearer
  patch  /api/leads/{id}                       bearer
  delete /api/leads/{id}                       bearer
  post   /api/leads/{id}/convert               bearer
  post   /api/leads/batch                      bearer
  get    /api/mcp                              public
  post   /api/mcp                              public
  delete /api/mcp                              public
  get    /api/members                          bearer
  patch  /api/members/{id}                     bearer
  delete /api/members/{id}                     bearer
  get    /api/notes                            bearer
  post   /api/notes                            bearer
  get    /api/notes/{id}                       bearer
  patch  /api/notes/{id}                       bearer
  delete /api/notes/{id}                       bearer
  get    /api/pipelines                        bearer
  post   /api/pipelines                        bearer
  get    /api/pipelines/{id}                   bearer
  post   /api/pipelines/{id}/stages            bearer
  put    /api/pipelines/{id}/stages/order      bearer
  patch  /api/stages/{id}                      bearer
  get    /api/search                           bearer
  get    /api/tasks                            bearer
  post   /api/tasks                            bearer
  get    /api/tasks/{id}                       bearer
  patch  /api/tasks/{id}                       bearer
  delete /api/tasks/{id}                       bearer
  get    /api/tickets                          bearer
  post   /api/tickets                          bearer
  get    /api/tickets/{id}                     bearer
  patch  /api/tickets/{id}                     bearer
  delete /api/tickets/{id}                     bearer
  post   /api/tickets/{id}/reopen              bearer
  get    /api/timeline                         bearer
  delete /api/trash/{collection}/{id}          bearer
  get    /api/workspace/api-keys               bearer
`;

let testApp: TestApp;
let document: { paths: Record<string, Record<string, { security?: unknown[] }>> };

beforeAll(async () => {
  testApp = await startTestApp();
  document = await (await fetch(`${testApp.baseUrl}/api/docs/openapi.json`)).json() as typeof document;
}, 60_000);
afterAll(() => testApp?.close());

function table(): string[] {
  return [...declaredRoutes(testApp.app)].map(([route, { guard }]) => `${route} ${guard}`).sort();
}

function concrete(path: string): string {
  return path.replace(/\{id\}/g, randomUUID()).replace(/\{\w+\}/g, 'x');
}

test('every route, and whether it needs a bearer token, is exactly the reviewed table', () => {
  expect([...declaredRoutes(testApp.app).keys()].sort()).toEqual(servedRoutes(testApp.app));
  const expected = EXPECTED.trim().split('\n').map((line) => line.trim().split(/\s+/).join(' ')).sort();
  expect(table()).toEqual(expected);
});

test('the OpenAPI document states the same protection for every route', () => {
  for (const [route, { guard }] of declaredRoutes(testApp.app)) {
    const [method, path] = route.split(' ') as [string, string];
    // Public operations opt out of the global bearer requirement with `security: []`.
    const security = document.paths[path]?.[method]?.security;
    expect([route, security === undefined ? 'bearer' : security.length === 0 ? 'public' : security]).toEqual([route, guard]);
  }
});

async function call(route: string, headers: Record<string, string>): Promise<Response> {
  const [method, path] = route.split(' ') as [string, string];
  const response = await fetch(`${testApp.baseUrl}${concrete(path)}`, {
    method: method.toUpperCase(),
    headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: method === 'get' ? undefined : '{}',
  });
  return response;
}

const CREDENTIALS: Record<string, Record<string, string>> = {
  'no token': {},
  'a forged token': { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' },
  'a non-bearer scheme': { authorization: 'Basic dXNlcjpwYXNz' },
};

test.each(Object.keys(CREDENTIALS))('every protected route called with %s answers 401 problem+json with a Bearer challenge', async (variant) => {
  const protectedRoutes = [...declaredRoutes(testApp.app)].filter(([, { guard }]) => guard === 'bearer').map(([route]) => route);
  expect(protectedRoutes.length).toBeGreaterThan(0);
  for (const route of protectedRoutes) {
    const response = await call(route, CREDENTIALS[variant]!);
    const body = (await response.json()) as { status?: number; code?: string };
    expect([route, response.status, response.headers.get('content-type'), response.headers.get('www-authenticate'), body.code])
      .toEqual([route, 401, 'application/problem+json; charset=utf-8', 'Bearer', 'unauthenticated']);
  }
});

test('no public route refuses an anonymous caller', async () => {
  // Without any Authorization header, exactly the public routes get past authentication.
  const answers: string[] = [];
  for (const route of declaredRoutes(testApp.app).keys()) {
    const response = await call(route, {});
    await response.arrayBuffer();
    answers.push(`${route} ${response.status === 401 ? 'bearer' : 'public'}`);
  }
  // /api/mcp is public to the REST guard but refuses anonymous callers itself (401 with its own
  // challenge on every method: test/mcp-identity.e2e-spec.ts).
  const expected = table().map((line) => (/ \/api\/mcp public$/.test(line) ? line.replace(/public$/, 'bearer') : line));
  expect(answers.sort()).toEqual(expected);
});
