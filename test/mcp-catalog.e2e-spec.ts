import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { connectMcp, type McpConnection } from './support/mcp-client.js';
import { schemaProblems } from './support/mcp-schema-rules.js';
import { ALL_TOOLS } from './support/mcp-tools.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
let mcp: McpConnection;
let client: Client;
let tools: Tool[];

beforeAll(async () => {
  testApp = await startTestApp();
  mcp = await connectMcp(testApp.baseUrl); // anonymous: initialize and tools/list need no token
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
  expect(client.getInstructions()).toMatch(/auth_sign_in/);
});

test('tools/list has exactly the agreed tools, fewer than 24', () => {
  expect(tools.map((tool) => tool.name).sort()).toEqual([...ALL_TOOLS].sort());
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

test('the whole tools/list answer stays under 40 KB', () => {
  expect(JSON.stringify({ tools }).length).toBeLessThan(40 * 1024);
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

// The security surface of the MCP server: any change to it shows up here in review.
test('security surface: who may call what, and what it may do', async () => {
  const anonymous = await Promise.all(
    tools.map(async (tool) => {
      const result = await client.callTool({ name: tool.name, arguments: {} });
      return [tool.name, !(result.isError && JSON.stringify(result.content).includes('needs an authenticated caller'))] as const;
    }),
  );
  const openToAnonymous = new Map(anonymous);
  const surface = Object.fromEntries(
    tools.map((tool) => [
      tool.name,
      `${openToAnonymous.get(tool.name) ? 'public' : 'auth'} ${tool.annotations!.readOnlyHint ? 'read-only' : 'writes'}` +
        `${tool.annotations!.destructiveHint ? ' destructive' : ''}`,
    ]),
  );
  expect(surface).toEqual({
    auth_sign_in: 'public writes',
    auth_sign_up: 'public writes',
    contact_list: 'auth read-only',
    contact_get: 'auth read-only',
    contact_create: 'auth writes',
    contact_update: 'auth writes destructive',
    contact_delete: 'auth writes destructive',
    lead_list: 'auth read-only',
    lead_get: 'auth read-only',
    lead_create: 'auth writes',
    lead_update: 'auth writes destructive',
    lead_convert: 'auth writes',
    deal_list: 'auth read-only',
    deal_get: 'auth read-only',
    deal_create: 'auth writes',
    deal_update: 'auth writes destructive',
    ticket_list: 'auth read-only',
    ticket_get: 'auth read-only',
    ticket_create: 'auth writes',
    ticket_update: 'auth writes destructive',
    pipeline_list: 'auth read-only',
  });
});
