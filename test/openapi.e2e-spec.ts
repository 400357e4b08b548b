import { DiscoveryService, MetadataScanner, ApplicationConfig } from '@nestjs/core';
import { z } from 'zod';
import { SignUpInput } from '../server/src/auth/auth.schemas.js';
import { discoverRoutes, type DiscoveredRoute } from '../server/src/openapi/route-discovery.js';
import { servedRoutes } from './support/served-routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Json = Record<string, any>;

let testApp: TestApp;
let doc: Json;
let discovered: DiscoveredRoute[];

beforeAll(async () => {
  testApp = await startTestApp();
  const response = await fetch(`${testApp.baseUrl}/api/docs/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/json');
  doc = (await response.json()) as Json;
  const { app } = testApp;
  discovered = discoverRoutes(app.get(DiscoveryService), app.get(MetadataScanner), app.get(ApplicationConfig));
}, 60_000);
afterAll(() => testApp?.close());

const VERBS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operations(): [string, string, Json][] {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([verb]) => VERBS.includes(verb))
      .map(([verb, operation]) => [path, verb, operation as Json] as [string, string, Json]),
  );
}

function resolvePointer(ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

function collectRefs(node: unknown, refs: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, refs));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push(value);
      else collectRefs(value, refs);
    }
  }
  return refs;
}

test('is an OpenAPI 3.1 document whose every operation has responses and whose every $ref resolves', () => {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
  const ops = operations();
  expect(ops.length).toBeGreaterThan(0);
  const ids = new Set<string>();
  for (const [path, verb, operation] of ops) {
    // Everything lives under /api except the OAuth discovery documents, which RFC 8414 and RFC 9728 put at the root.
    expect(path).toMatch(/^\/(api|\.well-known)\//);
    expect(Object.keys(operation.responses ?? {}).length).toBeGreaterThan(0);
    // A success answer: 2xx, or the 303 with which the OAuth consent form sends the browser back to the client.
    expect(Object.keys(operation.responses).some((status) => /^(2\d\d|303)$/.test(status))).toBe(true);
    expect(typeof operation.operationId).toBe('string');
    expect(ids.has(operation.operationId)).toBe(false);
    ids.add(operation.operationId);
    // Every {param} in the path is declared as a required path parameter.
    const declared = (operation.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name).sort();
    expect([`${verb} ${path}`, declared]).toEqual([`${verb} ${path}`, [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()]);
  }
  const refs = collectRefs(doc);
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) expect([ref, resolvePointer(ref) !== undefined]).toEqual([ref, true]);
});

test('documents every route the server actually serves, and nothing else', () => {
  const documented = operations().map(([path, verb]) => `${verb} ${path}`).sort();
  const served = servedRoutes(testApp.app);
  expect(served).toContain('get /api/docs/openapi.json');
  expect(documented).toEqual(served);
});

test('declares bearer JWT auth globally, and public routes opt out', () => {
  expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }));
  expect(doc.security).toEqual([{ bearer: [] }]);
  for (const route of discovered) {
    const operation = doc.paths[route.path][route.method] as Json;
    if (route.doc.public) {
      expect([route.path, operation.security]).toEqual([route.path, []]);
    } else {
      expect([route.path, operation.security]).toEqual([route.path, undefined]);
      expect(operation.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
    }
  }
  expect(doc.paths['/api/docs/openapi.json'].get.security).toEqual([]);
  expect(doc.paths['/api/auth/me'].get.security).toBeUndefined();
});

test('describes the problem+json error shape and the errors each route can give', () => {
  const problem = doc.components.schemas.ProblemDetails as Json;
  expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
  expect(problem.properties.code.enum).toEqual(expect.arrayContaining(['validation_failed', 'not_found', 'conflict', 'invalid_transition']));
  for (const name of ['ValidationFailed', 'Unauthenticated', 'NotFound', 'Conflict', 'InvalidTransition', 'RateLimited']) {
    expect(doc.components.responses[name].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/ProblemDetails' });
  }
  for (const route of discovered) {
    const responses = doc.paths[route.path][route.method].responses as Json;
    if (route.doc.body || route.doc.query) expect([route.path, responses['400']]).toEqual([route.path, { $ref: '#/components/responses/ValidationFailed' }]);
    if (route.pathParams.length) expect([route.path, responses['404']]).toEqual([route.path, { $ref: '#/components/responses/NotFound' }]);
  }
});

test('request bodies, query parameters and responses come from the zod schemas the routes validate with', () => {
  let bodies = 0;
  for (const route of discovered) {
    const operation = doc.paths[route.path][route.method] as Json;
    const label = `${route.method} ${route.path}`;
    if (route.doc.body) {
      bodies++;
      const expected = z.toJSONSchema(route.doc.body, { io: 'input', target: 'draft-2020-12' }) as Json;
      const schema = operation.requestBody.content['application/json'].schema as Json;
      expect([label, schema.required ?? []]).toEqual([label, expected.required ?? []]);
      expect([label, Object.keys(schema.properties ?? {}).sort()]).toEqual([label, Object.keys(expected.properties ?? {}).sort()]);
    }
    if (route.doc.query) {
      const shape = (route.doc.query as z.ZodObject).shape;
      const params = (operation.parameters as Json[]).filter((p) => p.in === 'query');
      expect([label, params.map((p) => p.name).sort()]).toEqual([label, Object.keys(shape).sort()]);
      for (const param of params) expect([label, param.name, typeof param.description]).toEqual([label, param.name, 'string']);
    }
    const status = String(route.status);
    if (route.doc.status) expect([label, route.status]).toEqual([label, route.doc.status]);
    expect([label, operation.responses[status] !== undefined]).toEqual([label, true]);
    if (route.doc.response && status !== '204') {
      expect([label, operation.responses[status].content['application/json'].schema.type]).toEqual([label, 'object']);
    }
  }
  expect(bodies).toBeGreaterThan(0);

  // A known route, checked by hand against its zod schema.
  const signUp = doc.paths['/api/auth/sign-up'].post as Json;
  const body = signUp.requestBody.content['application/json'].schema as Json;
  const requiredKeys = Object.entries(SignUpInput.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
  expect(body.required.sort()).toEqual(requiredKeys.sort());
  expect(body.additionalProperties).toBe(false);
  expect(body.properties.email.description).toEqual(expect.any(String));
  expect(signUp.responses['202'].content['application/json'].schema.properties.status).toBeDefined();
});

test('serves Swagger UI from local files, with no CDN', async () => {
  const page = await fetch(`${testApp.baseUrl}/api/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  const html = await page.text();
  expect(html).not.toMatch(/https?:\/\//);
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
  expect(assets).toEqual(expect.arrayContaining(['/api/docs/assets/swagger-ui-bundle.js', '/api/docs/assets/swagger-initializer.js']));
  for (const asset of assets) {
    const response = await fetch(`${testApp.baseUrl}${asset}`);
    expect([asset, response.status]).toEqual([asset, 200]);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  }
  const initializer = await (await fetch(`${testApp.baseUrl}/api/docs/assets/swagger-initializer.js`)).text();
  expect(initializer).toContain('"/api/docs/openapi.json"');
  const missing = await fetch(`${testApp.baseUrl}/api/docs/assets/package.json`);
  expect(missing.status).toBe(404);
});

test('versioned records document their ETag, and conditional writes their If-Match header and 412', () => {
  const ifMatchRoutes = operations()
    .filter(([, , operation]) => (operation.parameters ?? []).some((p: Json) => p.in === 'header' && p.name === 'If-Match'))
    .map(([path, verb]) => `${verb.toUpperCase()} ${path}`)
    .sort();
  expect(ifMatchRoutes).toEqual([
    'DELETE /api/companies/{id}', 'DELETE /api/contacts/{id}', 'DELETE /api/deals/{id}', 'DELETE /api/leads/{id}', 'DELETE /api/notes/{id}', 'DELETE /api/tasks/{id}', 'DELETE /api/tickets/{id}',
    'PATCH /api/companies/{id}', 'PATCH /api/contacts/{id}', 'PATCH /api/deals/{id}', 'PATCH /api/leads/{id}', 'PATCH /api/notes/{id}', 'PATCH /api/stages/{id}',
    'PATCH /api/tasks/{id}', 'PATCH /api/tickets/{id}',
    'POST /api/pipelines/{id}/stages', 'POST /api/tickets/{id}/reopen', 'PUT /api/pipelines/{id}/stages/order',
  ]);
  for (const route of ifMatchRoutes) {
    const [verb, path] = route.split(' ') as [string, string];
    expect({ route, stale: doc.paths[path][verb.toLowerCase()].responses['412'] })
      .toEqual({ route, stale: { $ref: '#/components/responses/PreconditionFailed' } });
  }
  const contactGet = doc.paths['/api/contacts/{id}'].get.responses['200'];
  expect(Object.keys(contactGet.headers ?? {})).toEqual(['ETag']);
  expect(Object.keys(doc.paths['/api/companies/{id}'].get.responses['200'].headers ?? {})).toEqual(['ETag']);
  expect(doc.paths['/api/contacts/{id}'].patch.responses['200'].headers.ETag).toBeDefined();
});
