import { PasswordHasher } from '../server/src/auth/password-hasher.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { DEMO_ACCOUNT, seedDemo } from '../server/src/seed/demo-seed.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
beforeAll(async () => { testApp = await startTestApp(); }, 60_000);
afterAll(() => testApp.close());

/** Row count and latest updatedAt of every table the seed writes. */
async function snapshot(prisma: PrismaClient) {
  const tables = {
    tenant: prisma.tenant, user: prisma.user, membership: prisma.membership, pipeline: prisma.pipeline,
    stage: prisma.stage, contact: prisma.contact, deal: prisma.deal, ticket: prisma.ticket,
  } as const;
  const result: Record<string, { count: number; lastUpdate: string | undefined }> = {};
  for (const [name, delegate] of Object.entries(tables)) {
    const rows = await (delegate as unknown as { findMany(args: object): Promise<{ updatedAt: Date }[]> }).findMany({
      select: { updatedAt: true },
      orderBy: { updatedAt: 'desc' },
    });
    result[name] = { count: rows.length, lastUpdate: rows[0]?.updatedAt.toISOString() };
  }
  return result;
}

test('tests start unseeded (SEED_ON_FIRST_START=false)', async () => {
  expect(await testApp.app.get(PrismaClient).user.count()).toBe(0);
});

test('the seed creates the demo account and data once; a second run changes nothing', async () => {
  const prisma = testApp.app.get(PrismaClient);
  const hasher = testApp.app.get(PasswordHasher);

  expect(await seedDemo(prisma, hasher)).toEqual({ created: true });
  const afterFirst = await snapshot(prisma);
  expect(afterFirst).toMatchObject({
    tenant: { count: 1 }, user: { count: 1 }, membership: { count: 1 }, pipeline: { count: 1 }, stage: { count: 6 },
  });
  expect(afterFirst.contact.count).toBeGreaterThan(0);
  expect(afterFirst.deal.count).toBeGreaterThan(0);
  expect(afterFirst.ticket.count).toBeGreaterThan(0);

  expect(await seedDemo(prisma, hasher)).toEqual({ created: false });
  expect(await snapshot(prisma)).toEqual(afterFirst);

  const tenant = await prisma.tenant.findFirstOrThrow();
  expect(tenant.name).toBe('Demo Company');
});

test('the demo credentials sign in', async () => {
  const response = await fetch(`${testApp.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password }),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ tenant: { name: 'Demo Company' }, role: 'OWNER' });
});

test('first start seeds a fresh embedded development database, never PostgreSQL', async () => {
  const fresh = await startTestApp({ NODE_ENV: 'development', SEED_ON_FIRST_START: 'true' });
  try {
    const users = await fresh.app.get(PrismaClient).user.findMany({ select: { email: true } });
    const embedded = !process.env.TEST_DATABASE_URL;
    expect(users).toEqual(embedded ? [{ email: DEMO_ACCOUNT.email }] : []);
  } finally {
    await fresh.close();
  }
}, 60_000);

test('production never gets the demo account, whatever the database and SEED_ON_FIRST_START say', async () => {
  const production = await startTestApp({ NODE_ENV: 'production', SEED_ON_FIRST_START: 'true' });
  try {
    expect(await production.app.get(PrismaClient).user.count()).toBe(0);
    const demo = await fetch(`${production.baseUrl}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password }),
    });
    expect(demo.status).toBe(401);
  } finally {
    await production.close();
  }
}, 60_000);
