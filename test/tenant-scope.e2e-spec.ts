import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { TenantDb } from '../server/src/database/tenant-db.js';
import { tenantScope } from '../server/src/database/tenant-scope.extension.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The mechanism every domain service relies on, tested directly against a real database.
let testApp: TestApp;
let prisma: PrismaClient;
let tenantDb: TenantDb;
const ids = { a: '', b: '', user: '' };

beforeAll(async () => {
  testApp = await startTestApp();
  prisma = testApp.app.get(PrismaClient);
  tenantDb = testApp.app.get(TenantDb);
  const user = await prisma.user.create({ data: { email: `scope-${Date.now()}@example.test`, passwordHash: 'x', name: 'Scope' } });
  ids.user = user.id;
  for (const key of ['a', 'b'] as const) {
    const tenant = await prisma.tenant.create({ data: { name: `Tenant ${key}` } });
    await prisma.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
    ids[key] = tenant.id;
  }
});
afterAll(() => testApp.close());

const principal = (tenantId: string) => ({ tenantId, userId: ids.user, role: 'OWNER' as const });

test('creates rows in the principal tenant and reads only that tenant', async () => {
  const dbA = tenantDb.for(principal(ids.a));
  const dbB = tenantDb.for(principal(ids.b));
  const contact = await dbA.contact.create({ data: { firstName: 'Ada', createdById: ids.user } as never });
  expect(contact.tenantId).toBe(ids.a);

  expect(await dbA.contact.findUnique({ where: { id: contact.id } })).not.toBeNull();
  expect(await dbB.contact.findUnique({ where: { id: contact.id } })).toBeNull();
  expect(await dbB.contact.findMany()).toEqual([]);
  expect(await dbB.contact.count()).toBe(0);
  expect((await dbB.contact.updateMany({ where: { id: contact.id }, data: { firstName: 'Eve' } })).count).toBe(0);
  await expect(dbB.contact.update({ where: { id: contact.id }, data: { firstName: 'Eve' } })).rejects.toMatchObject({ code: 'P2025' });
  await expect(dbB.contact.delete({ where: { id: contact.id } })).rejects.toMatchObject({ code: 'P2025' });

  const unchanged = await prisma.contact.findUniqueOrThrow({ where: { id: contact.id } });
  expect(unchanged.firstName).toBe('Ada');
});

test('keeps the scope inside interactive transactions', async () => {
  const dbB = tenantDb.for(principal(ids.b));
  const seen = await dbB.$transaction(async (tx) => {
    await tx.contact.create({ data: { firstName: 'Bob', createdById: ids.user } as never });
    return tx.contact.findMany();
  });
  expect(seen.map((row) => row.tenantId)).toEqual([ids.b]);
});

test('refuses to build a scope without a tenant', () => {
  expect(() => tenantScope(undefined as unknown as string)).toThrow(/tenant id/);
  expect(() => tenantDb.for({ tenantId: '' })).toThrow(/tenant id/);
});

test('the database refuses a reference into another tenant', async () => {
  const contactInA = await tenantDb.for(principal(ids.a)).contact.create({ data: { firstName: 'Cy', createdById: ids.user } as never });
  const dbB = tenantDb.for(principal(ids.b));
  await expect(
    dbB.ticket.create({ data: { subject: 'Cross', contactId: contactInA.id, createdById: ids.user } as never }),
  ).rejects.toMatchObject({ code: 'P2003' });
  expect(await prisma.ticket.count()).toBe(0);
});
