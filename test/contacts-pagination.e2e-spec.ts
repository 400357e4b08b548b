import { jest } from '@jest/globals';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { contactSearchText } from '../server/src/contacts/contacts.search-text.js';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { type Api, apiAs, collectPages, createContact } from './support/factories-contacts-tickets.js';
import { startTestApp, type TestApp } from './support/test-app.js';

jest.setTimeout(120_000);

let testApp: TestApp;
let owner: SignedUpAccount;
let asOwner: Api;
let asOther: Api;
let prisma: PrismaClient;

// Pages of 7 over 45 rows: several pages, and a page boundary inside the block of ties.
const LIMIT = 7;

beforeAll(async () => {
  testApp = await startTestApp();
  owner = await signUp(testApp.baseUrl);
  asOwner = apiAs(testApp.baseUrl, owner.accessToken);
  asOther = apiAs(testApp.baseUrl, (await signUp(testApp.baseUrl)).accessToken);
  prisma = testApp.app.get(PrismaClient);
  for (let i = 0; i < 30; i += 1) {
    await createContact(asOwner, { firstName: `Pager${i % 4}`, lastName: `Row${(i * 7) % 11}`, company: i % 2 ? 'Odd Co' : 'Even Co' });
  }
  // Fifteen rows tied on every sort key (same instant, same name): only the id orders them.
  const tiedAt = new Date();
  await prisma.contact.createMany({
    data: Array.from({ length: 15 }, () => {
      const fields = { firstName: 'Tied', lastName: 'Twin', email: null, phone: null, company: 'Odd Co' };
      return { ...fields, tenantId: owner.tenantId, createdById: owner.userId, searchText: contactSearchText(fields), createdAt: tiedAt, updatedAt: tiedAt };
    }),
  });
  // Another tenant's rows must never appear in the owner's pages.
  for (let i = 0; i < 5; i += 1) await createContact(asOther, { firstName: `Pager${i}`, company: 'Odd Co' });
}, 120_000);
afterAll(() => testApp.close());

type Order = { field: 'createdAt' | 'updatedAt' | 'name'; direction: 'asc' | 'desc' };

async function idsInDatabaseOrder(order: Order, where: object = {}): Promise<string[]> {
  const { field, direction } = order;
  const orderBy = field === 'name'
    ? [{ lastName: direction }, { firstName: direction }, { id: direction }]
    : [{ [field]: direction }, { id: direction }];
  const rows = await prisma.contact.findMany({ where: { tenantId: owner.tenantId, ...where }, orderBy, select: { id: true } });
  return rows.map((row) => row.id);
}

function expectNoDuplicatesNoGaps(served: string[], originals: string[]): void {
  expect(new Set(served).size).toBe(served.length);
  // Every row that existed before paging started is served exactly once, in order.
  const originalSet = new Set(originals);
  expect(served.filter((id) => originalSet.has(id))).toEqual(originals);
}

const ORDERS: Order[] = [
  { field: 'createdAt', direction: 'desc' },
  { field: 'createdAt', direction: 'asc' },
  { field: 'updatedAt', direction: 'desc' },
  { field: 'updatedAt', direction: 'asc' },
  { field: 'name', direction: 'asc' },
  { field: 'name', direction: 'desc' },
];

test.each(ORDERS)('sort $field $direction: pages have no duplicates and no gaps under concurrent inserts', async (order) => {
  const originals = await idsInDatabaseOrder(order);
  const inserts: Promise<unknown>[] = [];
  const { ids, pages } = await collectPages(asOwner, `/contacts?sort=${order.field}&direction=${order.direction}&limit=${LIMIT}`, async (page) => {
    // Not awaited: these race the next page's request. Names land before and after the cursor.
    inserts.push(createContact(asOwner, { firstName: 'Aaron', lastName: `Aardvark${page}` }));
    inserts.push(createContact(asOwner, { firstName: 'Tied', lastName: 'Twin' }));
    inserts.push(createContact(asOwner, { firstName: 'Zoe', lastName: `Zylstra${page}` }));
  });
  await Promise.all(inserts);
  expect(pages).toBeGreaterThanOrEqual(Math.ceil(originals.length / LIMIT));
  expectNoDuplicatesNoGaps(ids, originals);
  if (order.field === 'createdAt' && order.direction === 'desc') {
    // Newest first: rows inserted while paging are newer than every cursor, so none show up.
    expect(ids).toEqual(originals);
  }
});

test('filters and search stay applied across pages, and total counts them all', async () => {
  const originals = await idsInDatabaseOrder({ field: 'createdAt', direction: 'desc' }, { company: 'Odd Co' });
  const first = await asOwner('GET', `/contacts?company=odd%20co&limit=${LIMIT}&includeTotal=true`);
  expect(first.body.total).toBe(originals.length);
  const { ids } = await collectPages(asOwner, `/contacts?company=odd%20co&limit=${LIMIT}`);
  expect(ids).toEqual(originals);

  const matching = await prisma.contact.findMany({
    where: { tenantId: owner.tenantId, searchText: { contains: 'pager1' } },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  expect(matching.length).toBeGreaterThan(2);
  const searched = await collectPages(asOwner, '/contacts?q=PAGER1&sort=name&limit=2');
  expect(searched.ids).toEqual(matching.map((row) => row.id));
});

test('a page that ends exactly at the last row says so: no phantom empty page', async () => {
  const count = (await idsInDatabaseOrder({ field: 'createdAt', direction: 'desc' }, { company: 'Even Co' })).length;
  const exact = await asOwner('GET', `/contacts?company=Even%20Co&limit=${count}`);
  expect(exact.body.items).toHaveLength(count);
  expect(exact.body.nextCursor).toBeNull();
  const short = await asOwner('GET', `/contacts?company=Even%20Co&limit=${count - 1}`);
  const last = await asOwner('GET', `/contacts?company=Even%20Co&limit=${count - 1}&cursor=${short.body.nextCursor}`);
  expect(last.body.items).toHaveLength(1);
  expect(last.body.nextCursor).toBeNull();
});
