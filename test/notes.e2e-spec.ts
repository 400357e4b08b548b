import { randomUUID } from 'node:crypto';
import type { NoteOutput } from '../server/src/notes/notes.schemas.js';
import { createMember, type CreatedMember, type SignedUpAccount } from './support/accounts.js';
import { type Api, apiAs, collectPages, createContact, createTicket } from './support/factories-contacts-tickets.js';
import { createDeal, createLead } from './support/factories-deals-leads.js';
import { ISO_UTC } from './support/formats.js';
import type { TestApp } from './support/test-app.js';
import { startTwoTenants } from './support/two-tenants.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';

let testApp: TestApp;
let tenantA: SignedUpAccount;
let asA: Api;
let asB: Api;
let prisma: PrismaClient;
let contactId: string;

beforeAll(async () => {
  ({ testApp, tenantA, asA, asB, prisma } = await startTwoTenants());
  contactId = (await createContact(asA)).id;
}, 60_000);
afterAll(() => testApp.close());

const aboutContact = () => [{ kind: 'contact', id: contactId }];

async function note(api: Api, body: Record<string, unknown> = {}): Promise<NoteOutput> {
  const response = await api<NoteOutput>('POST', '/notes', { body: 'Met at the fair.', links: aboutContact(), ...body });
  if (response.status !== 201) throw new Error(`create note: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

function pathsOf(body: { errors?: { path: string }[] }): string[] {
  return (body.errors ?? []).map((issue) => issue.path);
}

describe('note lifecycle', () => {
  test('create about several kinds of record, get, list by record, edit with If-Match, delete', async () => {
    const deal = await createDeal(asA);
    const lead = await createLead(asA);
    const ticket = await createTicket(asA);
    const links = [{ kind: 'contact', id: contactId }, { kind: 'deal', id: deal.id }, { kind: 'lead', id: lead.id }, { kind: 'ticket', id: ticket.id }];
    const created = await asA<NoteOutput>('POST', '/notes', { body: 'Wants a quote by Friday.', links });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ body: 'Wants a quote by Friday.', links, authorId: tenantA.userId, version: 1 });
    expect(created.body.createdAt).toMatch(ISO_UTC);
    expect(created.etag).toBe('"1"');
    const id = created.body.id;
    expect((await asA('GET', `/notes/${id}`)).body).toEqual(created.body);

    for (const link of links) {
      const collection = { contact: 'contacts', deal: 'deals', lead: 'leads', ticket: 'tickets' }[link.kind];
      const listed = await asA('GET', `/notes?record=${encodeURIComponent(`crm://${collection}/${link.id}`)}`);
      expect([listed.status, listed.body.items.map((n: NoteOutput) => n.id)]).toEqual([200, expect.arrayContaining([id])]);
    }

    const stale = await asA('PATCH', `/notes/${id}`, { body: 'Too late' }, { 'if-match': '"7"' });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([412, 'precondition_failed', 1]);
    const edited = await asA<NoteOutput>('PATCH', `/notes/${id}`, { body: 'Wants a quote by Monday.' }, { 'if-match': '"1"' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'Wants a quote by Monday.', links, version: 2 });
    const relinked = await asA<NoteOutput>('PATCH', `/notes/${id}`, { links: [{ kind: 'deal', id: deal.id }] });
    expect(relinked.body.links).toEqual([{ kind: 'deal', id: deal.id }]);
    const stillAbout = await asA('GET', `/notes?record=crm://contacts/${contactId}`);
    expect(stillAbout.body.items.map((n: NoteOutput) => n.id)).not.toContain(id);

    expect((await asA('DELETE', `/notes/${id}`)).status).toBe(204);
    expect((await asA('GET', `/notes/${id}`)).status).toBe(404);
    expect((await asA('PATCH', `/notes/${id}`, { body: 'Ghost' })).status).toBe(404);
    expect((await asA('DELETE', `/notes/${id}`)).status).toBe(404);
    const afterDelete = await asA('GET', `/notes?record=crm://deals/${deal.id}`);
    expect(afterDelete.body.items).toEqual([]);
    // The row is kept for the trash window, marked deleted.
    expect((await prisma.note.findUnique({ where: { id } }))?.deletedAt).toBeInstanceOf(Date);
  });

  test('the same record named twice is linked once', async () => {
    const created = await note(asA, { links: [...aboutContact(), { kind: 'contact', id: contactId.toUpperCase() }] });
    expect(created.links).toEqual(aboutContact());
    expect((await prisma.note.findUnique({ where: { id: created.id } }))?.linkedRecordIds).toEqual([contactId]);
  });
});

describe('validation', () => {
  test.each([
    ['a blank body', { body: '   \n ' }, 'body'],
    ['an empty body', { body: '' }, 'body'],
    ['a body over 10,000 characters', { body: 'x'.repeat(10_001) }, 'body'],
    ['no links', { links: [] }, 'links'],
    ['a link of an unknown kind', { links: [{ kind: 'pipeline', id: randomUUID() }] }, 'links.0.kind'],
    ['a link id that is no uuid', { links: [{ kind: 'contact', id: 'acme' }] }, 'links.0.id'],
    ['more than 20 links', { links: Array.from({ length: 21 }, () => ({ kind: 'contact', id: randomUUID() })) }, 'links'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('%s is a 400 naming the field, and nothing is written', async (_label, change, path) => {
    const before = await prisma.note.count();
    const response = await asA('POST', '/notes', { body: 'Fine', links: aboutContact(), ...change });
    expect([response.status, response.body.code]).toEqual([400, 'validation_failed']);
    expect(pathsOf(response.body)).toContain(path);
    expect(response.body.detail).toMatch(/\.$/);
    expect(await prisma.note.count()).toBe(before);
  });

  test('exactly 10,000 characters is accepted', async () => {
    expect((await note(asA, { body: 'y'.repeat(10_000) })).body).toHaveLength(10_000);
  });

  test('a link to a missing record, or to another workspace\'s, is not found, naming the link', async () => {
    const foreign = await createContact(asB);
    const missing = randomUUID();
    const probe = async (id: string, kind = 'contact') => asA('POST', '/notes', { body: 'x', links: [...aboutContact(), { kind, id }] });
    const absent = await probe(missing);
    const theirs = await probe(foreign.id);
    expect([absent.status, absent.body.code, pathsOf(absent.body)]).toEqual([404, 'not_found', ['links.1.id']]);
    expect(absent.body.detail).toMatch(/^Contact .* was not found \(links\.1\.id\)\..*\.$/);
    expect(JSON.stringify(theirs.body).split(foreign.id).join(missing)).toBe(JSON.stringify(absent.body));
    // Right id, wrong kind: a contact is not a deal.
    expect((await probe(contactId, 'deal')).status).toBe(404);
    // Companies are a link kind; a company that does not exist is not found like any other.
    expect(pathsOf((await probe(randomUUID(), 'company')).body)).toEqual(['links.1.id']);
    // An existing company of this workspace links; B's company is absent like a missing one.
    const ours = await asA('POST', '/companies', { name: 'Linked Co' });
    expect((await probe(ours.body.id, 'company')).status).toBe(201);
    const foreignCompany = await asB('POST', '/companies', { name: 'Their Co' });
    expect(pathsOf((await probe(foreignCompany.body.id, 'company')).body)).toEqual(['links.1.id']);
    const current = await note(asA);
    const relink = await asA('PATCH', `/notes/${current.id}`, { links: [{ kind: 'contact', id: foreign.id }] });
    expect([relink.status, pathsOf(relink.body)]).toEqual([404, ['links.0.id']]);
    expect((await asA('GET', `/notes/${current.id}`)).body.links).toEqual(aboutContact());
  });

  test('the record filter must be a record URI', async () => {
    for (const record of ['acme', `crm://planets/${contactId}`, `crm://contacts/${contactId}/x`, contactId]) {
      const response = await asA('GET', `/notes?record=${encodeURIComponent(record)}`);
      expect([response.status, pathsOf(response.body)]).toEqual([400, ['record']]);
    }
    expect(pathsOf((await asA('GET', '/notes')).body)).toEqual(['record']);
  });
});

describe('who may change a note', () => {
  let writer: CreatedMember;
  let colleague: CreatedMember;
  let admin: CreatedMember;
  let viewer: CreatedMember;
  const as = (member: CreatedMember) => apiAs(testApp.baseUrl, member.accessToken);

  beforeAll(async () => {
    writer = await createMember(testApp.app, tenantA.tenantId);
    colleague = await createMember(testApp.app, tenantA.tenantId);
    admin = await createMember(testApp.app, tenantA.tenantId, 'ADMIN');
    viewer = await createMember(testApp.app, tenantA.tenantId, 'VIEWER');
  });

  test('its author may edit and delete it; another member may read it but not change it', async () => {
    const mine = await note(as(writer), { body: 'Mine' });
    expect(mine.authorId).toBe(writer.userId);
    expect((await as(colleague)('GET', `/notes/${mine.id}`)).status).toBe(200);
    for (const [method, body] of [['PATCH', { body: 'Not yours' }], ['DELETE', undefined]] as const) {
      const refused = await as(colleague)(method, `/notes/${mine.id}`, body);
      expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
      expect(refused.body.detail).toMatch(/notes written by other members.*\.$/);
    }
    expect((await as(writer)('PATCH', `/notes/${mine.id}`, { body: 'Still mine' })).body.body).toBe('Still mine');
    expect((await as(writer)('DELETE', `/notes/${mine.id}`)).status).toBe(204);
  });

  test('an admin may edit and delete anyone\'s note; the author stays the author', async () => {
    const theirs = await note(as(writer), { body: 'Typo hree' });
    const fixed = await as(admin)<NoteOutput>('PATCH', `/notes/${theirs.id}`, { body: 'Typo here' });
    expect([fixed.status, fixed.body.authorId]).toEqual([200, writer.userId]);
    expect((await as(admin)('DELETE', `/notes/${theirs.id}`)).status).toBe(204);
  });

  test('a viewer reads notes but writes none, not even about itself', async () => {
    const existing = await note(asA);
    expect((await as(viewer)('GET', `/notes/${existing.id}`)).status).toBe(200);
    expect((await as(viewer)('GET', `/notes?record=crm://contacts/${contactId}`)).status).toBe(200);
    expect((await as(viewer)('POST', '/notes', { body: 'Hi', links: aboutContact() })).status).toBe(403);
    expect((await as(viewer)('PATCH', `/notes/${existing.id}`, { body: 'Hi' })).status).toBe(403);
    expect((await as(viewer)('DELETE', `/notes/${existing.id}`)).status).toBe(403);
  });
});

test('notes of a record page newest first, every note once', async () => {
  const subject = await createContact(asA);
  const ids: string[] = [];
  for (let i = 0; i < 23; i += 1) ids.push((await note(asA, { body: `Note ${i}`, links: [{ kind: 'contact', id: subject.id }] })).id);
  const paged = await collectPages(asA, `/notes?record=crm://contacts/${subject.id}&limit=5`);
  expect(paged.pages).toBe(5);
  expect(paged.ids).toEqual([...ids].reverse());
  const first = await asA('GET', `/notes?record=crm://contacts/${subject.id}&limit=5&includeTotal=true`);
  expect(first.body.total).toBe(23);
  // A cursor belongs to its record.
  const other = await asA('GET', `/notes?record=crm://contacts/${contactId}&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  expect([other.status, pathsOf(other.body)]).toEqual([400, ['cursor']]);
});
