import type { Client, Tool } from '@modelcontextprotocol/client';
import { signUp } from './support/accounts.js';
import { connectMcp, type McpConnection } from './support/mcp-client.js';
import { schemaProblems } from './support/mcp-schema-rules.js';
import { HTTP_TOOLS } from './support/mcp-tools.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
let mcp: McpConnection;
let client: Client;
let tools: Tool[];

beforeAll(async () => {
  testApp = await startTestApp();
  const account = await signUp(testApp.baseUrl);
  // A legacy handshake, so that initialize's server info and instructions are there to check.
  mcp = await connectMcp(testApp.baseUrl, { token: account.accessToken, revision: '2025-06-18' });
  client = mcp.client;
  tools = (await client.listTools()).tools;
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  await testApp?.close();
});

test('initialize announces the server and its tools capability', () => {
  expect(client.getServerVersion()?.name).toBe('synapse-crm');
  expect(client.getServerCapabilities()?.tools).toBeDefined();
  expect(client.getInstructions()).toMatch(/credential/);
});

test('tools/list has exactly the agreed tools, fewer than 24 (no sign-in tools over HTTP)', () => {
  expect(tools.map((tool) => tool.name).sort()).toEqual([...HTTP_TOOLS].sort());
  expect(tools.length).toBeLessThan(24);
});

test('every input schema passes the client rules (rooted object, typed, described, no $ref, strict)', () => {
  const problems = tools.flatMap((tool) => schemaProblems(tool.inputSchema, `${tool.name}.inputSchema`));
  expect(problems).toEqual([]);
  for (const tool of tools) expect(tool.inputSchema.additionalProperties).toBe(false);
});

test('every output schema is a rooted, typed object without $ref', () => {
  const problems = tools.flatMap((tool) =>
    schemaProblems(tool.outputSchema, `${tool.name}.outputSchema`, { describedProperties: false }),
  );
  expect(problems).toEqual([]);
});

test('the schema checker catches what Gemini CLI rejects', () => {
  expect(schemaProblems({ type: 'string' }, 'x')).toContain('x: root type is "string", not "object"');
  expect(schemaProblems({ type: 'object', properties: { a: { $ref: '#/$defs/A' } }, required: [] }, 'x')).toEqual(
    expect.arrayContaining(['x.a: uses $ref', 'x.a: has no type', 'x.a: has no description']),
  );
  expect(schemaProblems({ anyOf: [{ type: 'object' }], properties: {}, required: [] }, 'x')).toContain('x: root is a union (anyOf)');
  expect(schemaProblems({ type: 'object', properties: {} }, 'x')).toContain('x: root has no required array');
});

test('a parameterless tool still has a rooted object schema', () => {
  const pipelineList = tools.find((tool) => tool.name === 'pipeline_list')!;
  expect(pipelineList.inputSchema).toEqual({ type: 'object', properties: {}, required: [], additionalProperties: false });
});

test('no tool takes a token argument', () => {
  for (const tool of tools) {
    for (const name of Object.keys(tool.inputSchema.properties ?? {})) expect(name).not.toMatch(/token|jwt/i);
  }
});

// Issue 12's budget: the part a model is handed (what Gemini passes on: name, description,
// input schema) stays under 36,000 bytes of JSON. Output schemas are for programs, not the model.
test('the model-facing catalogue stays under 36,000 bytes', () => {
  const modelFacing = tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema }));
  expect(Buffer.byteLength(JSON.stringify(modelFacing))).toBeLessThan(36_000);
});

test('every tool has a title, a description for the model and complete annotations', () => {
  for (const tool of tools) {
    expect(tool.title).toBeTruthy();
    expect(tool.description!.length).toBeGreaterThan(20);
    expect(tool.annotations).toEqual({
      title: tool.title,
      readOnlyHint: expect.any(Boolean),
      destructiveHint: expect.any(Boolean),
      idempotentHint: expect.any(Boolean),
      openWorldHint: false,
    });
  }
});

// The security surface of the MCP server over HTTP: any change to it shows up here in review.
// Every HTTP request needs a valid bearer credential (test/mcp-identity.e2e-spec.ts); the
// sign-in tools exist only over stdio (test/mcp-stdio.e2e-spec.ts).
test('security surface: what each tool may do', () => {
  const surface = Object.fromEntries(
    tools.map((tool) => [
      tool.name,
      `${tool.annotations!.readOnlyHint ? 'read-only' : 'writes'}${tool.annotations!.destructiveHint ? ' destructive' : ''}`,
    ]),
  );
  expect(surface).toEqual({
    search: 'read-only',
    fetch: 'read-only',
    contact_list: 'read-only',
    contact_create: 'writes',
    contact_update: 'writes destructive',
    contact_delete: 'writes destructive',
    company_list: 'read-only',
    company_create: 'writes',
    company_update: 'writes destructive',
    lead_list: 'read-only',
    lead_create: 'writes',
    lead_update: 'writes destructive',
    lead_convert: 'writes',
    deal_list: 'read-only',
    deal_create: 'writes',
    deal_update: 'writes destructive',
    ticket_list: 'read-only',
    ticket_create: 'writes',
    ticket_update: 'writes destructive',
    pipeline_list: 'read-only',
  });
});
