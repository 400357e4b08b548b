import type { Client } from '@modelcontextprotocol/client';
import { randomUUID } from 'node:crypto';
import type { CompanyDetailOutput, CompanyOutput } from '../server/src/companies/companies.schemas.js';
import type { ContactOutput } from '../server/src/contacts/contacts.schemas.js';
import type { DealOutput } from '../server/src/deals/deals.schemas.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { createMember, type SignedUpAccount } from './support/accounts.js';
import { type Api, apiAs, collectPages, createContact } from './support/factories-contacts-tickets.js';
import { createDeal, defaultPipeline, pathsOf } from './support/factories-deals-leads.js';
import { ISO_UTC } from './support/formats.js';
import { callOk, callTool, connectMcp, textOf, type McpConnection } from './support/mcp-client.js';
import type { TestApp } from './support/test-app.js';
import { startTwoTenants } from './support/two-tenants.js';

let testApp: TestApp;
let tenantA: SignedUpAccount;
let asA: Api;
let asB: Api;
let mcp: McpConnection;
let mcpA: Client;

beforeAll(async () => {
  ({ testApp, tenantA, asA, asB } = await startTwoTenants());
  mcp = await connectMcp(testApp.baseUrl, { token: tenantA.accessToken });
  mcpA = mcp.client;
}, 120_000);
afterAll(async () => {
  await mcp?.close();
  await testApp?.close();
});

let sequence = 0;
const unique = (label: string) => `${label}${++sequence}${randomUUID().slice(0, 6)}`;

async function createCompany(api: Api, body: Record<string, unknown>): Promise<CompanyOutput> {
  const response = await api<CompanyOutput>('POST', '/companies', body);
  if (response.status !== 201) throw new Error(`create company: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

describe('company lifecycle', () => {
  test('create, get, update with If-Match, and delete to the trash', async () => {
    const name = unique('Acme ');
    const created = await asA<CompanyOutput>('POST', '/companies', {
      name: `  ${name}  `, domain: `https://www.${name.replace(/\W/g, '').toLowerCase()}.com/about`, industry: 'Manufacturing',
      employeeCount: 250, website: 'https://acme.example/', phone: '+1 555 0100', ownerId: tenantA.userId,
    });
    expect(created.status).toBe(201);
    expect(created.etag).toBe('"1"');
    expect(created.body).toMatchObject({
      name, domain: `${name.replace(/\W/g, '').toLowerCase()}.com`, industry: 'Manufacturing', employeeCount: 250,
      website: 'https://acme.example/', phone: '+1 555 0100', ownerId: tenantA.userId, version: 1, createdById: tenantA.userId,
    });
    expect(created.body.createdAt).toMatch(ISO_UTC);
    const id = created.body.id;

    const got = await asA<CompanyDetailOutput>('GET', `/companies/${id}`);
    expect(got.status).toBe(200);
    expect(got.etag).toBe('"1"');
    expect(got.body).toMatchObject({ ...created.body, contacts: [], contactCount: 0, openDeals: [], openDealCount: 0, openPipelineValue: [] });

    const stale = await asA('PATCH', `/companies/${id}`, { industry: 'Retail' }, { 'If-Match': '"7"' });
    expect(stale.status).toBe(412);
    const changed = await asA<CompanyOutput>('PATCH', `/companies/${id}`, { industry: 'Retail', phone: null }, { 'If-Match': '"1"' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ industry: 'Retail', phone: null, employeeCount: 250, version: 2 });

    const trashed = await asA('DELETE', `/companies/${id}`, undefined, { 'If-Match': '"2"' });
    expect(trashed.status).toBe(204);
    expect((await asA('GET', `/companies/${id}`)).status).toBe(404);
    expect((await asA('PATCH', `/companies/${id}`, { industry: 'X' })).status).toBe(404);
    expect((await asA('DELETE', `/companies/${id}`)).status).toBe(404);
    const listed = await asA<{ items: CompanyOutput[] }>('GET', `/companies?q=${encodeURIComponent(name)}`);
    expect(listed.body.items).toEqual([]);
    // Every change is in the audit trail, the move to the trash as a delete (ADR 0038).
    const audited = await testApp.app.get(PrismaClient).auditChange.findMany({ where: { recordId: id }, orderBy: { seq: 'asc' } });
    expect(audited.map((change) => [change.recordKind, change.action, change.channel])).toEqual([
      ['company', 'create', 'rest'], ['company', 'update', 'rest'], ['company', 'delete', 'rest'],
    ]);
    expect(audited[1]!.after).toMatchObject({ industry: 'Retail', phone: null });
  });

  test('each validation class answers 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'Ok', domain: 'not a domain' }, 'domain'],
      [{ name: 'Ok', domain: 'localhost' }, 'domain'],
      [{ name: 'Ok', domain: '10.0.0.1' }, 'domain'],
      [{ name: 'Ok', employeeCount: -1 }, 'employeeCount'],
      [{ name: 'Ok', employeeCount: 1.5 }, 'employeeCount'],
      [{ name: 'Ok', employeeCount: '12' }, 'employeeCount'],
      [{ name: 'Ok', website: 'ftp://acme.com' }, 'website'],
      [{ name: 'Ok', website: 'acme' }, 'website'],
      [{ name: 'Ok', ownerId: 'nope' }, 'ownerId'],
      [{ name: 'Ok', color: 'red' }, ''],
    ];
    for (const [body, path] of cases) {
      const response = await asA('POST', '/companies', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      if (path) expect(pathsOf(response.body)).toContain(path);
    }
    const owner = await asA('POST', '/companies', { name: 'Ok', ownerId: randomUUID() });
    expect(owner.status).toBe(404);
    const company = await createCompany(asA, { name: unique('Valid ') });
    const badPatch = await asA('PATCH', `/companies/${company.id}`, { domain: 'nope' });
    expect(badPatch.status).toBe(400);
    expect(pathsOf(badPatch.body)).toEqual(['domain']);
    // A malformed id answers like a missing one, as on every record route.
    expect((await asA('GET', '/companies/not-a-uuid')).status).toBe(404);
    expect((await asA('GET', '/companies?sort=size')).status).toBe(400);
  });
});

describe('domains', () => {
  test('are normalized, unique per workspace among live companies, and free again after a delete', async () => {
    const host = `${unique('dom')}.example.com`;
    const first = await createCompany(asA, { name: 'First', domain: `HTTPS://WWW.${host.toUpperCase()}/x?y=1` });
    expect(first.domain).toBe(host);

    const clash = await asA('POST', '/companies', { name: 'Second', domain: `${host}.` });
    expect(clash.status).toBe(409);
    expect(clash.body.field).toBe('domain');
    expect(clash.body.detail).toContain(host);

    const second = await createCompany(asA, { name: 'Second' });
    const patchClash = await asA('PATCH', `/companies/${second.id}`, { domain: `http://${host}` });
    expect(patchClash.status).toBe(409);

    // Another workspace may use the same domain: uniqueness is per tenant.
    const elsewhere = await createCompany(asB, { name: 'B copy', domain: host });
    expect(elsewhere.domain).toBe(host);

    const byDomain = await asA<{ items: CompanyOutput[] }>('GET', `/companies?domain=${encodeURIComponent(`www.${host}`)}`);
    expect(byDomain.body.items.map((item) => item.id)).toEqual([first.id]);

    expect((await asA('DELETE', `/companies/${first.id}`)).status).toBe(204);
    const reused = await asA<CompanyOutput>('PATCH', `/companies/${second.id}`, { domain: host });
    expect(reused.status).toBe(200);
    expect(reused.body.domain).toBe(host);
  });

  test('concurrent creates with one domain: exactly one wins, the others get 409', async () => {
    const host = `${unique('race')}.example.org`;
    const answers = await Promise.all([1, 2, 3, 4].map((n) => asA('POST', '/companies', { name: `Racer ${n}`, domain: host })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
  });
});

describe('listing', () => {
  test('filters, sorts by name and pages with cursors bound to their query', async () => {
    const industry = unique('Industry');
    const names = ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo'].map((name) => `${name} ${industry}`);
    for (const name of names) await createCompany(asA, { name, industry });
    const byName = await collectPages<CompanyOutput>(asA, `/companies?industry=${industry.toUpperCase()}&sort=name&limit=2`);
    expect(byName.pages).toBe(3);
    const listed = await asA<{ items: CompanyOutput[]; total: number }>('GET', `/companies?industry=${industry}&sort=name&includeTotal=true`);
    expect(listed.body.total).toBe(5);
    expect(listed.body.items.map((item) => item.name)).toEqual([...names].sort());
    expect(byName.ids).toEqual(listed.body.items.map((item) => item.id));

    const first = await asA<{ nextCursor: string }>('GET', `/companies?industry=${industry}&limit=2`);
    const reused = await asA('GET', `/companies?industry=other&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(reused.status).toBe(400);

    const searched = await asA<{ items: CompanyOutput[] }>('GET', `/companies?q=${encodeURIComponent(`CHARLIE ${industry}`)}`);
    expect(searched.body.items.map((item) => item.name)).toEqual([`Charlie ${industry}`]);
    expect((await asB<{ items: unknown[] }>('GET', `/companies?industry=${industry}`)).body.items).toEqual([]);
  });
});

describe('contacts and deals link to a company', () => {
  test('companyId on contacts and deals (create, update, filter, clear); another tenant\'s company is not found', async () => {
    const company = await createCompany(asA, { name: unique('Linked ') });
    const contact = await createContact(asA, { firstName: 'Grace', lastName: 'Hopper', companyId: company.id });
    expect(contact.companyId).toBe(company.id);
    const deal = await createDeal(asA, { title: 'Linked deal', companyId: company.id });
    expect(deal.companyId).toBe(company.id);

    const other = await createContact(asA);
    const linked = await asA<ContactOutput>('PATCH', `/contacts/${other.id}`, { companyId: company.id });
    expect(linked.body.companyId).toBe(company.id);
    const filtered = await asA<{ items: ContactOutput[] }>('GET', `/contacts?companyId=${company.id}`);
    expect(filtered.body.items.map((item) => item.id).sort()).toEqual([contact.id, other.id].sort());
    const deals = await asA<{ items: DealOutput[] }>('GET', `/deals?companyId=${company.id}`);
    expect(deals.body.items.map((item) => item.id)).toEqual([deal.id]);
    const cleared = await asA<ContactOutput>('PATCH', `/contacts/${other.id}`, { companyId: null });
    expect(cleared.body.companyId).toBeNull();

    const foreign = await createCompany(asB, { name: 'B only' });
    const missing = randomUUID();
    for (const id of [foreign.id, missing]) {
      const contactCreate = await asA('POST', '/contacts', { firstName: 'X', companyId: id });
      const contactPatch = await asA('PATCH', `/contacts/${contact.id}`, { companyId: id });
      const dealCreate = await asA('POST', '/deals', { title: 'X', companyId: id });
      const dealPatch = await asA('PATCH', `/deals/${deal.id}`, { companyId: id });
      for (const response of [contactCreate, contactPatch, dealCreate, dealPatch]) {
        expect(response.status).toBe(404);
        expect(response.body.detail).toBe(`Company ${id} was not found.`);
      }
    }
    // A company in the trash cannot be linked either.
    const trashed = await createCompany(asA, { name: unique('Trashed ') });
    await asA('DELETE', `/companies/${trashed.id}`);
    expect((await asA('POST', '/contacts', { firstName: 'X', companyId: trashed.id })).status).toBe(404);
  });

  test('a company\'s get shows its contacts, its open deals and the open pipeline value per currency', async () => {
    const company = await createCompany(asA, { name: unique('Aggregates ') });
    const pipeline = await defaultPipeline(asA);
    const won = pipeline.stages.find((stage) => stage.kind === 'WON')!;
    const ada = await createContact(asA, { firstName: 'Ada', lastName: 'Byron', jobTitle: 'CTO', companyId: company.id });
    const bob = await createContact(asA, { firstName: 'Bob', lastName: 'Able', companyId: company.id });
    await createContact(asA, { firstName: 'Not', lastName: 'Linked' });
    const big = await createDeal(asA, { title: 'Big', value: '1000.50', currency: 'USD', companyId: company.id, expectedCloseDate: '2027-01-31' });
    const small = await createDeal(asA, { title: 'Small', value: '0.25', currency: 'USD', companyId: company.id });
    const euro = await createDeal(asA, { title: 'Euro', value: '99.999', currency: 'EUR', companyId: company.id });
    await createDeal(asA, { title: 'Won', value: '5000.00', currency: 'USD', companyId: company.id, stageId: won.id });
    await createDeal(asA, { title: 'Elsewhere', value: '7.00', currency: 'USD' });

    const got = await asA<CompanyDetailOutput>('GET', `/companies/${company.id}`);
    expect(got.status).toBe(200);
    expect(got.body.contacts).toEqual([
      { id: bob.id, name: 'Bob Able', email: bob.email, jobTitle: null },
      { id: ada.id, name: 'Ada Byron', email: ada.email, jobTitle: 'CTO' },
    ]);
    expect(got.body.contactCount).toBe(2);
    expect(got.body.openDeals.map((deal) => deal.id)).toEqual([euro.id, small.id, big.id]);
    expect(got.body.openDeals.find((deal) => deal.id === big.id)).toEqual({
      id: big.id, title: 'Big', value: '1000.50', currency: 'USD', stage: big.stage.name, expectedCloseDate: '2027-01-31',
    });
    expect(got.body.openDealCount).toBe(3);
    expect(got.body.openPipelineValue).toEqual([{ currency: 'EUR', value: '99.999' }, { currency: 'USD', value: '1000.75' }]);

    // Winning a deal takes it out of the open value.
    await asA('PATCH', `/deals/${big.id}`, { stageId: won.id });
    const after = await asA<CompanyDetailOutput>('GET', `/companies/${company.id}`);
    expect(after.body.openPipelineValue).toEqual([{ currency: 'EUR', value: '99.999' }, { currency: 'USD', value: '0.25' }]);
    expect(after.body.openDealCount).toBe(2);
  });
});

describe('MCP', () => {
  test('company_create, company_list and company_update; fetch reads the company with its aggregates', async () => {
    const name = unique('Mcp Co ');
    const created = await callOk<CompanyOutput>(mcpA, 'company_create', { name, domain: `${name.replace(/\W/g, '')}.io` });
    expect(created).toMatchObject({ name, domain: `${name.replace(/\W/g, '').toLowerCase()}.io`, version: 1 });
    const listed = await callOk<{ items: CompanyOutput[] }>(mcpA, 'company_list', { q: name });
    expect(listed.items.map((item) => item.id)).toEqual([created.id]);
    const stale = await callTool(mcpA, 'company_update', { id: created.id, expectedVersion: 5, industry: 'Software' });
    expect(stale.isError).toBe(true);
    expect(textOf(stale)).toMatch(/version 1, not 5.*Call fetch to read the record again/s);
    const updated = await callOk<CompanyOutput>(mcpA, 'company_update', { id: created.id, expectedVersion: 1, industry: 'Software' });
    expect(updated).toMatchObject({ industry: 'Software', version: 2 });
    await createContact(asA, { firstName: 'Linus', companyId: created.id });
    const fetched = await callOk<{ kind: string; uri: string; record: CompanyDetailOutput }>(mcpA, 'fetch', { id: `crm://companies/${created.id}` });
    expect(fetched).toMatchObject({ kind: 'company', uri: `crm://companies/${created.id}`, record: { id: created.id, contactCount: 1 } });
    const badDomain = await callTool(mcpA, 'company_create', { name: 'X', domain: 'no way' });
    expect(badDomain.isError).toBe(true);
    expect(textOf(badDomain)).toMatch(/domain/);
  });

  test('the catalogue has the company tools but no company_get or company_delete, and no per-kind get tools', async () => {
    const names = (await mcpA.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['company_list', 'company_create', 'company_update', 'search', 'fetch']));
    for (const gone of ['company_get', 'company_delete', 'contact_get', 'deal_get', 'lead_get', 'ticket_get']) expect(names).not.toContain(gone);
  });

  test('a viewer reads companies but cannot write them', async () => {
    const viewer = await createMember(testApp.app, tenantA.tenantId, 'VIEWER');
    const asViewer = apiAs(testApp.baseUrl, viewer.accessToken);
    expect((await asViewer('GET', '/companies')).status).toBe(200);
    expect((await asViewer('POST', '/companies', { name: 'Nope' })).status).toBe(403);
  });
});
