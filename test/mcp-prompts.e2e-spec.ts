import { ProtocolError, ProtocolErrorCode, type GetPromptResult } from '@modelcontextprotocol/client';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { callOk, connectMcp, type McpConnection, type McpRevision } from './support/mcp-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Prompts (Gemini CLI slash commands) and completions, through the official v2 client over HTTP.
let testApp: TestApp;
let alice: SignedUpAccount;
let bob: SignedUpAccount;

beforeAll(async () => {
  testApp = await startTestApp();
  [alice, bob] = await Promise.all([signUp(testApp.baseUrl), signUp(testApp.baseUrl)]);
}, 180_000); // booting on a loaded CI machine can take over a minute
afterAll(() => testApp?.close());

const textOf = (result: GetPromptResult) => (result.messages[0]!.content as { text: string }).text;
const embedded = (result: GetPromptResult) =>
  result.messages.flatMap((message) => (message.content.type === 'resource' ? [message.content.resource.uri] : []));

describe.each<McpRevision>(['2026-07-28', '2025-06-18'])('revision %s', (revision) => {
  let mcp: McpConnection;
  beforeAll(async () => {
    mcp = await connectMcp(testApp.baseUrl, { token: alice.accessToken, revision });
  });
  afterAll(() => mcp?.close());

  test('lists the four prompts with their typed arguments', async () => {
    const { prompts } = await mcp.client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(['pipeline_review', 'lead_triage', 'ticket_triage', 'account_brief']);
    const brief = prompts.find((prompt) => prompt.name === 'account_brief')!;
    expect(brief.arguments).toEqual([{ name: 'contact', description: expect.stringContaining('full name'), required: true }]);
    const review = prompts.find((prompt) => prompt.name === 'pipeline_review')!;
    expect(review.arguments?.map((argument) => [argument.name, argument.required])).toEqual([
      ['pipeline', false], ['stage', false], ['staleDays', false],
    ]);
  });

  test('pipeline_review embeds the pipeline and lists its open deals by stage', async () => {
    const deal = await callOk<{ id: string }>(mcp.client, 'deal_create', { title: `Review me ${revision}`, value: '1200', currency: 'EUR' });
    const result = await mcp.client.getPrompt({ name: 'pipeline_review', arguments: { pipeline: 'sales', staleDays: '0' } });
    expect(textOf(result)).toContain(`Review me ${revision}: 1200.00 EUR`);
    expect(textOf(result)).toContain('[STALE]');
    expect(textOf(result)).toContain('deal_update');
    expect(textOf(result)).toContain(deal.id);
    expect(embedded(result)).toEqual([expect.stringMatching(/^crm:\/\/pipelines\//)]);
  });

  test('account_brief finds the contact by name and embeds it with its deals and tickets', async () => {
    const contact = await callOk<{ id: string }>(mcp.client, 'contact_create', {
      firstName: 'Briefed', lastName: revision, company: 'Initech', email: `briefed-${revision}@initech.example`, jobTitle: 'CTO',
    });
    const deal = await callOk<{ id: string }>(mcp.client, 'deal_create', { title: 'Briefed deal', value: '900', currency: 'USD', contactId: contact.id });
    const ticket = await callOk<{ id: string }>(mcp.client, 'ticket_create', { subject: 'Briefed ticket', priority: 'HIGH', contactId: contact.id });
    const result = await mcp.client.getPrompt({ name: 'account_brief', arguments: { contact: `briefed ${revision}` } });
    expect(textOf(result)).toContain(`Brief me on Briefed ${revision} of Initech`);
    expect(embedded(result)).toEqual([`crm://contacts/${contact.id}`, `crm://deals/${deal.id}`, `crm://tickets/${ticket.id}`]);
    // Gemini CLI hands its model the first message's text and nothing else, so the records are written there too.
    expect(textOf(result)).toContain(`CTO at Initech; briefed-${revision}@initech.example (id ${contact.id})`);
    expect(textOf(result)).toMatch(new RegExp(`- Briefed deal: 900.00 USD, stage Prospecting .*\\(id ${deal.id}\\)`));
    expect(textOf(result)).toMatch(new RegExp(`- \\[HIGH\\] Briefed ticket: OPEN, .*\\(id ${ticket.id}\\)`));
  });

  test('every record a prompt embeds is also in its first message, the only part Gemini CLI passes on', async () => {
    const contact = await callOk<{ id: string }>(mcp.client, 'contact_create', { firstName: 'Whole', lastName: `Text ${revision}` });
    await callOk(mcp.client, 'deal_create', { title: `Whole deal ${revision}`, contactId: contact.id });
    await callOk(mcp.client, 'ticket_create', { subject: `Whole ticket ${revision}`, contactId: contact.id });
    await callOk(mcp.client, 'lead_create', { name: `Whole lead ${revision}` });
    const calls: [string, Record<string, string>][] = [
      ['pipeline_review', {}], ['lead_triage', {}], ['ticket_triage', {}], ['account_brief', { contact: contact.id }],
    ];
    for (const [name, args] of calls) {
      const result = await mcp.client.getPrompt({ name, arguments: args });
      expect(embedded(result).length).toBeGreaterThan(0);
      for (const uri of embedded(result)) expect({ name, text: textOf(result) }).toEqual({ name, text: expect.stringContaining(uri.split('/').pop()!) });
    }
  });

  test('lead_triage and ticket_triage show live data and name the tools to call', async () => {
    const lead = await callOk<{ id: string }>(mcp.client, 'lead_create', { name: `Lead ${revision}`, source: 'website' });
    const leads = await mcp.client.getPrompt({ name: 'lead_triage', arguments: { source: 'website' } });
    expect(textOf(leads)).toContain(`Lead ${revision}`);
    expect(textOf(leads)).toMatch(/lead_update.*lead_convert/s);
    expect(embedded(leads)).toContain(`crm://leads/${lead.id}`);
    await callOk(mcp.client, 'ticket_create', { subject: `Urgent ${revision}`, priority: 'URGENT' });
    const tickets = await mcp.client.getPrompt({ name: 'ticket_triage', arguments: { priority: 'URGENT' } });
    expect(textOf(tickets)).toContain(`[URGENT] Urgent ${revision}: OPEN`);
  });

  test('bad arguments, an unknown prompt and another tenant\'s contact are -32602 errors that say what to do', async () => {
    const bobs = await connectMcp(testApp.baseUrl, { token: bob.accessToken, revision });
    const hidden = await callOk<{ id: string }>(bobs.client, 'contact_create', { firstName: 'Hidden', lastName: 'Person' });
    await bobs.close();
    const attempts: [string, Record<string, string>, RegExp][] = [
      ['pipeline_review', { staleDays: 'soon' }, /staleDays: must be a whole number/],
      ['lead_triage', { status: 'MAYBE' }, /status/],
      ['account_brief', {}, /contact/],
      ['account_brief', { contact: 'Hidden Person' }, /No contact named "Hidden Person"/],
      ['account_brief', { contact: hidden.id }, /No contact with id/],
      ['pipeline_review', { pipeline: 'Nope' }, /No pipeline named "Nope". Pipelines: "Sales"/],
      ['crm_everything', {}, /Unknown prompt/],
    ];
    for (const [name, args, message] of attempts) {
      const error = await mcp.client.getPrompt({ name, arguments: args }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).code).toBe(ProtocolErrorCode.InvalidParams);
      expect((error as ProtocolError).message).toMatch(message);
    }
  });

  test('completes prompt arguments and template variables, prefix-matched and case-insensitive', async () => {
    await callOk(mcp.client, 'contact_create', { firstName: 'Zelda', lastName: revision });
    await callOk(mcp.client, 'contact_create', { firstName: 'Zeno', lastName: 'Other' });
    const complete = async (ref: Parameters<typeof mcp.client.complete>[0]['ref'], name: string, value: string, context?: Record<string, string>) =>
      (await mcp.client.complete({ ref, argument: { name, value }, ...(context ? { context: { arguments: context } } : {}) })).completion;
    const prompt = (name: string) => ({ type: 'ref/prompt' as const, name });
    expect(await complete(prompt('account_brief'), 'contact', `zelda ${revision.slice(0, 7)}`)).toEqual({ values: [`Zelda ${revision}`], total: 1, hasMore: false });
    expect((await complete(prompt('account_brief'), 'contact', 'ze')).values).toEqual(expect.arrayContaining(['Zeno Other', `Zelda ${revision}`]));
    expect(await complete(prompt('pipeline_review'), 'pipeline', 'sa')).toEqual({ values: ['Sales'], total: 1, hasMore: false });
    expect((await complete(prompt('pipeline_review'), 'stage', 'PROPO', { pipeline: 'Sales' })).values).toEqual(['Proposal']);
    expect((await complete(prompt('lead_triage'), 'status', 'q')).values).toEqual(['QUALIFIED']);
    expect((await complete(prompt('ticket_triage'), 'priority', '')).values).toEqual(['LOW', 'MEDIUM', 'HIGH', 'URGENT']);
    expect((await complete(prompt('ticket_triage'), 'status', 'in')).values).toEqual(['IN_PROGRESS']);
    const contact = await callOk<{ id: string }>(mcp.client, 'contact_create', { firstName: 'Id' });
    const byId = await complete({ type: 'ref/resource', uri: 'crm://contacts/{id}' }, 'id', contact.id.slice(0, 30));
    expect(byId.values).toEqual([contact.id]);
    // Unknown prompts, arguments and templates complete to nothing rather than fail.
    expect(await complete(prompt('nope'), 'x', 'a')).toEqual({ values: [], total: 0, hasMore: false });
    expect(await complete({ type: 'ref/resource', uri: 'crm://nope/{id}' }, 'id', '0')).toEqual({ values: [], total: 0, hasMore: false });
  });
});

test('completions never offer another tenant\'s names', async () => {
  const [a, b] = await Promise.all([connectMcp(testApp.baseUrl, { token: alice.accessToken }), connectMcp(testApp.baseUrl, { token: bob.accessToken })]);
  try {
    const secret = await callOk<{ id: string }>(b.client, 'contact_create', { firstName: 'Quentin', lastName: 'Secret' });
    await callOk(b.client, 'lead_create', { name: 'Q lead', source: 'quiet-source' });
    const ask = (ref: Parameters<typeof a.client.complete>[0]['ref'], name: string, value: string) =>
      a.client.complete({ ref, argument: { name, value } }).then((result) => result.completion.values);
    expect(await ask({ type: 'ref/prompt', name: 'account_brief' }, 'contact', 'quen')).toEqual([]);
    expect(await ask({ type: 'ref/prompt', name: 'lead_triage' }, 'source', 'quiet')).toEqual([]);
    expect(await ask({ type: 'ref/resource', uri: 'crm://contacts/{id}' }, 'id', secret.id.slice(0, 20))).toEqual([]);
    expect(await b.client.complete({ ref: { type: 'ref/prompt', name: 'account_brief' }, argument: { name: 'contact', value: 'quen' } }))
      .toMatchObject({ completion: { values: ['Quentin Secret'] } });
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('a completion answers at most 100 values and says there are more', async () => {
  const account = await signUp(testApp.baseUrl);
  const response = await fetch(`${testApp.baseUrl}/api/contacts`, { method: 'GET', headers: { authorization: `Bearer ${account.accessToken}` } });
  expect(response.status).toBe(200);
  const mcp = await connectMcp(testApp.baseUrl, { token: account.accessToken });
  try {
    await Promise.all(Array.from({ length: 105 }, (_, n) =>
      callOk(mcp.client, 'contact_create', { firstName: 'Many', lastName: `Person ${String(n).padStart(3, '0')}` })));
    const { completion } = await mcp.client.complete({ ref: { type: 'ref/prompt', name: 'account_brief' }, argument: { name: 'contact', value: 'many' } });
    expect(completion.values).toHaveLength(100);
    expect(completion.values[0]).toBe('Many Person 000');
    expect(completion.hasMore).toBe(true);
    expect(completion.total).toBeUndefined();
  } finally {
    await mcp.close();
  }
}, 120_000);
