import type { Client } from '@modelcontextprotocol/client';
import { randomBytes, randomUUID } from 'node:crypto';
import type { SearchOutput } from '../server/src/search/search.schemas.js';
import type { SignedUpAccount } from './support/accounts.js';
import { type Api, createContact, createTicket } from './support/factories-contacts-tickets.js';
import { createDeal, createLead, defaultPipeline, pathsOf } from './support/factories-deals-leads.js';
import { callOk, callTool, connectMcp, textOf, type McpConnection } from './support/mcp-client.js';
import type { TestApp } from './support/test-app.js';
import { startTwoTenants } from './support/two-tenants.js';

let testApp: TestApp;
let tenantA: SignedUpAccount;
let tenantB: SignedUpAccount;
let asA: Api;
let asB: Api;
let connections: McpConnection[] = [];
let mcpA: Client;
let mcpB: Client;

// A word no other test writes, so ranking is judged on this file's records alone.
const word = `zq${randomBytes(4).toString('hex')}`;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ testApp, tenantA, tenantB, asA, asB } = await startTwoTenants());
  connections = await Promise.all([tenantA, tenantB].map((t) => connectMcp(testApp.baseUrl, { token: t.accessToken })));
  [mcpA, mcpB] = connections.map((connection) => connection.client) as [Client, Client];

  const company = await asA<{ id: string }>('POST', '/companies', { name: `${word}`, domain: `${word}.com`, industry: 'Robotics' });
  ids.exactCompany = company.body.id;
  ids.prefixCompany = (await asA<{ id: string }>('POST', '/companies', { name: `${word} Holdings` })).body.id;
  ids.contact = (await createContact(asA, { firstName: 'Ada', lastName: `Mc${word}`, email: `ada@${word}.com`, jobTitle: 'CTO', companyId: ids.exactCompany })).id;
  ids.lead = (await createLead(asA, { name: 'Lead person', company: `The ${word} Group`, email: `lead@${word}-group.net` })).id;
  ids.deal = (await createDeal(asA, { title: `${word} renewal`, value: '1200.5', currency: 'EUR', expectedCloseDate: '2027-03-01' })).id;
  ids.ticket = (await createTicket(asA, { subject: `Printer at ${word} is on fire`, description: 'Smoke everywhere.\nPlease help.' })).id;
  // Tenant B's records carry the same word: A must never see them, and B never A's.
  ids.bCompany = (await asB<{ id: string }>('POST', '/companies', { name: `${word}` })).body.id;
}, 120_000);
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  await testApp?.close();
});

const search = async (api: Api, params: Record<string, string>) => api<SearchOutput>('GET', `/search?${new URLSearchParams(params)}`);

describe('GET /api/search', () => {
  test('ranks exact matches first, then prefixes, then substrings, with kind, title, snippet and URI', async () => {
    const response = await search(asA, { q: word.toUpperCase() });
    expect(response.status).toBe(200);
    const hits = response.body.results;
    // Tiers in order; inside a tier, by trigram similarity (not asserted: it depends on the random word).
    expect(hits.map((hit) => hit.match)).toEqual(['exact', 'prefix', 'prefix', 'contains', 'contains', 'contains']);
    expect(hits[0]).toMatchObject({ kind: 'company', id: ids.exactCompany });
    expect(hits.slice(1, 3).map((hit) => hit.id).sort()).toEqual([ids.prefixCompany, ids.deal].sort());
    expect(hits.slice(3).map((hit) => `${hit.kind} ${hit.id}`).sort())
      .toEqual([`contact ${ids.contact}`, `lead ${ids.lead}`, `ticket ${ids.ticket}`].sort());
    expect(hits.find((hit) => hit.id === ids.exactCompany)).toEqual({
      kind: 'company', id: ids.exactCompany, title: word, snippet: `${word}.com · Robotics`,
      uri: `crm://companies/${ids.exactCompany}`, match: 'exact',
    });
    expect(hits.find((hit) => hit.kind === 'contact')).toMatchObject({ title: `Ada Mc${word}`, snippet: `ada@${word}.com · CTO`, uri: `crm://contacts/${ids.contact}` });
    expect(hits.find((hit) => hit.kind === 'deal')).toMatchObject({ title: `${word} renewal`, snippet: '1200.50 EUR · closes 2027-03-01' });
    expect(hits.find((hit) => hit.kind === 'ticket')).toMatchObject({ snippet: 'OPEN · MEDIUM · Smoke everywhere. Please help.' });
    expect(hits.find((hit) => hit.kind === 'lead')).toMatchObject({ title: 'Lead person', snippet: `The ${word} Group · lead@${word}-group.net · NEW` });
    expect(hits.map((hit) => hit.id)).not.toContain(ids.bCompany);
  });

  test('an email or a domain typed whole is an exact match', async () => {
    const byEmail = await search(asA, { q: `  ADA@${word}.com ` });
    expect(byEmail.body.results[0]).toMatchObject({ kind: 'contact', id: ids.contact, match: 'exact' });
    const byDomain = await search(asA, { q: `${word}.com` });
    expect(byDomain.body.results[0]).toMatchObject({ kind: 'company', id: ids.exactCompany, match: 'exact' });
  });

  test('kinds and limit narrow the answer; LIKE wildcards in the text match literally', async () => {
    const onlyDeals = await search(asA, { q: word, kinds: 'deal,ticket' });
    expect(onlyDeals.body.results.map((hit) => hit.kind)).toEqual(['deal', 'ticket']);
    const two = await search(asA, { q: word, limit: '2' });
    expect(two.body.results.map((hit) => hit.match)).toEqual(['exact', 'prefix']);
    expect(two.body.results[0]!.id).toBe(ids.exactCompany);
    expect((await search(asA, { q: `${word.slice(0, 3)}%` })).body.results).toEqual([]);
    expect((await search(asA, { q: '_' })).body.results.map((hit) => hit.id)).not.toContain(ids.exactCompany);
  });

  test('bad input is a 400 naming the field', async () => {
    for (const [params, path] of [
      [{}, 'q'], [{ q: '   ' }, 'q'], [{ q: 'x'.repeat(201) }, 'q'], [{ q: word, limit: '0' }, 'limit'],
      [{ q: word, limit: '51' }, 'limit'], [{ q: word, limit: 'many' }, 'limit'], [{ q: word, kinds: 'widget' }, 'kinds.0'],
      [{ q: word, sort: 'name' }, ''],
    ] as [Record<string, string>, string][]) {
      const response = await asA('GET', `/search?${new URLSearchParams(params)}`);
      expect({ params, status: response.status, code: response.body.code }).toEqual({ params, status: 400, code: 'validation_failed' });
      if (path) expect(pathsOf(response.body)).toContain(path);
    }
  });

  test('tenant B never finds tenant A\'s records, and A never B\'s', async () => {
    const fromB = await search(asB, { q: word });
    expect(fromB.body.results.map((hit) => hit.id)).toEqual([ids.bCompany]);
    for (const q of [`ada@${word}.com`, `${word} renewal`, 'printer', `${word}.com`]) {
      expect((await search(asB, { q })).body.results).toEqual([]);
    }
    expect((await search(asA, { q: word, kinds: 'company' })).body.results.map((hit) => hit.id)).not.toContain(ids.bCompany);
  });

  test('a company in the trash is not found', async () => {
    const doomed = await asA<{ id: string }>('POST', '/companies', { name: `${word} Trash` });
    expect((await search(asA, { q: `${word} trash` })).body.results.map((hit) => hit.id)).toEqual([doomed.body.id]);
    await asA('DELETE', `/companies/${doomed.body.id}`);
    expect((await search(asA, { q: `${word} trash` })).body.results).toEqual([]);
  });
});

describe('MCP search and fetch', () => {
  test('search answers what REST answers', async () => {
    const tool = await callOk<SearchOutput>(mcpA, 'search', { q: word, kinds: ['company', 'contact'] });
    const rest = await search(asA, { q: word, kinds: 'company,contact' });
    expect(tool).toEqual(rest.body);
    expect(tool.results.length).toBe(3);
  });

  test('fetch reads every kind by bare id, by id and kind, and by URI; the record is the kind\'s get', async () => {
    const pipeline = await defaultPipeline(asA);
    const cases: [string, string, string][] = [
      ['contact', ids.contact, `/contacts/${ids.contact}`], ['company', ids.exactCompany, `/companies/${ids.exactCompany}`],
      ['lead', ids.lead, `/leads/${ids.lead}`], ['deal', ids.deal, `/deals/${ids.deal}`],
      ['ticket', ids.ticket, `/tickets/${ids.ticket}`], ['pipeline', pipeline.id, `/pipelines/${pipeline.id}`],
    ];
    for (const [kind, id, path] of cases) {
      const collection = path.split('/')[1];
      const expected = { kind, uri: `crm://${collection}/${id}`, record: (await asA('GET', path)).body };
      expect(await callOk(mcpA, 'fetch', { id })).toEqual(expected);
      expect(await callOk(mcpA, 'fetch', { id: id.toUpperCase(), kind })).toEqual(expected);
      expect(await callOk(mcpA, 'fetch', { id: `crm://${collection}/${id}` })).toEqual(expected);
    }
  });

  test('fetch refuses malformed ids and URIs on the field, and a mismatched kind', async () => {
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ id: 'acme' }, /id: must be a record id \(UUID\) or a crm:\/\/ URI/],
      [{ id: `crm://widgets/${ids.contact}` }, /id: names no record kind/],
      [{ id: 'crm://contacts/42' }, /id: the id after contacts\/ must be a UUID/],
      [{ id: `crm://contacts/${ids.contact}`, kind: 'deal' }, /kind: is deal, but the URI names a contact/],
      [{ id: ids.contact, kind: 'widget' }, /kind/],
    ];
    for (const [args, message] of refusals) {
      const result = await callTool(mcpA, 'fetch', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    }
    const wrongKind = await callTool(mcpA, 'fetch', { id: ids.contact, kind: 'deal' });
    expect(textOf(wrongKind)).toMatch(`Deal ${ids.contact} was not found.`);
    const nowhere = randomUUID();
    expect(textOf(await callTool(mcpA, 'fetch', { id: nowhere }))).toMatch(`No record with id ${nowhere} was found.`);
  });

  test('tenant B fetches none of A\'s records: the same answer as a missing id', async () => {
    const nowhere = randomUUID();
    const absent = textOf(await callTool(mcpB, 'fetch', { id: nowhere }));
    for (const id of [ids.contact, ids.exactCompany, ids.lead, ids.deal, ids.ticket]) {
      const bare = await callTool(mcpB, 'fetch', { id });
      expect(bare.isError).toBe(true);
      expect(textOf(bare).replace(id, nowhere)).toBe(absent);
    }
    const byUri = await callTool(mcpB, 'fetch', { id: `crm://companies/${ids.exactCompany}` });
    expect(textOf(byUri)).toMatch(`Company ${ids.exactCompany} was not found.`);
    expect(textOf(await callTool(mcpB, 'fetch', { id: `crm://companies/${nowhere}` })).replace(nowhere, ids.exactCompany)).toBe(textOf(byUri));
    expect((await callOk<SearchOutput>(mcpB, 'search', { q: `ada@${word}.com` })).results).toEqual([]);
  });
});
