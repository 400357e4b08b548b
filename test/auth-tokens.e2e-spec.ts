import { SignJWT } from 'jose';
import { APP_CONFIG } from '../server/src/config/config.module.js';
import type { AppConfig } from '../server/src/config/config.schema.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { createMember, signUp, type SignedUpAccount } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
let owner: SignedUpAccount;
let config: AppConfig;
let reference: { status: number; wwwAuthenticate: string | null; body: unknown };

beforeAll(async () => {
  testApp = await startTestApp();
  config = testApp.app.get<AppConfig>(APP_CONFIG);
  owner = await signUp(testApp.baseUrl);
  reference = await callMe(undefined);
}, 60_000);
afterAll(() => testApp.close());

async function callMe(authorization: string | undefined) {
  const response = await fetch(`${testApp.baseUrl}/api/auth/me`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    contentType: response.headers.get('content-type'),
    body: await response.json(),
  };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(overrides: { secret?: string; alg?: string; issuer?: string; audience?: string; exp?: number | string; sub?: string; tid?: string } = {}) {
  return new SignJWT({ tid: overrides.tid ?? owner.tenantId, role: 'OWNER' })
    .setProtectedHeader({ alg: overrides.alg ?? 'HS256' })
    .setSubject(overrides.sub ?? owner.userId)
    .setIssuer(overrides.issuer ?? config.JWT_ISSUER)
    .setAudience(overrides.audience ?? config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? '5m')
    .sign(new TextEncoder().encode(overrides.secret ?? config.JWT_SECRET));
}

test('the reference: no token at all is 401 problem+json with WWW-Authenticate: Bearer', () => {
  expect(reference).toMatchObject({ status: 401, wwwAuthenticate: 'Bearer', body: { code: 'unauthenticated', status: 401 } });
});

test('a well-formed token of our own is accepted (so the cases below fail for their one reason)', async () => {
  expect((await callMe(`Bearer ${await token()}`)).status).toBe(200);
});

const badTokens: Array<[string, () => Promise<string>]> = [
  ['empty bearer', async () => 'Bearer '],
  ['another scheme', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
  ['malformed', async () => 'Bearer not.a.jwt'],
  ['garbage', async () => 'Bearer %%%'],
  ['expired', async () => `Bearer ${await token({ exp: Math.floor(Date.now() / 1000) - 60 })}`],
  ['wrongly signed', async () => `Bearer ${await token({ secret: 'some-other-secret-that-is-also-long-enough-123' })}`],
  ['tampered payload', async () => {
    const [header, , signature] = (await token()).split('.');
    const payload = base64url({ sub: owner.userId, tid: owner.tenantId, role: 'OWNER', iss: config.JWT_ISSUER, aud: config.JWT_AUDIENCE, exp: 9_999_999_999 });
    return `Bearer ${header}.${payload}.${signature}`;
  }],
  ['wrong audience', async () => `Bearer ${await token({ audience: 'someone-else' })}`],
  ['wrong issuer', async () => `Bearer ${await token({ issuer: 'https://evil.example' })}`],
  ['another algorithm (HS512) with the right secret', async () => `Bearer ${await token({ alg: 'HS512' })}`],
  ['alg none', async () => {
    const payload = { sub: owner.userId, tid: owner.tenantId, role: 'OWNER', iss: config.JWT_ISSUER, aud: config.JWT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 };
    return `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
  }],
  ['unknown tenant', async () => `Bearer ${await token({ tid: '01900000-0000-7000-8000-000000000000' })}`],
  ['non-uuid subject', async () => `Bearer ${await token({ sub: 'admin' })}`],
];

test.each(badTokens)('%s: the identical 401', async (_name, makeHeader) => {
  expect(await callMe(await makeHeader())).toEqual(await callMe(undefined));
});

test('a token whose user was deleted: the identical 401', async () => {
  const member = await createMember(testApp.app, owner.tenantId);
  expect((await callMe(`Bearer ${member.accessToken}`)).status).toBe(200);
  await testApp.app.get(PrismaClient).user.delete({ where: { id: member.userId } });
  expect(await callMe(`Bearer ${member.accessToken}`)).toEqual(reference);
});

test('a token whose membership was removed: the identical 401', async () => {
  const member = await createMember(testApp.app, owner.tenantId);
  await testApp.app.get(PrismaClient).membership.delete({
    where: { tenantId_userId: { tenantId: owner.tenantId, userId: member.userId } },
  });
  expect(await callMe(`Bearer ${member.accessToken}`)).toEqual(reference);
});

test('the role comes from the current membership, not from the token', async () => {
  const member = await createMember(testApp.app, owner.tenantId, 'ADMIN');
  await testApp.app.get(PrismaClient).membership.update({
    where: { tenantId_userId: { tenantId: owner.tenantId, userId: member.userId } },
    data: { role: 'MEMBER' },
  });
  const response = await callMe(`Bearer ${member.accessToken}`);
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ role: 'MEMBER' });
});

test('a token for one tenant does not open another tenant', async () => {
  const other = await signUp(testApp.baseUrl);
  // Owner of tenant B, claiming tenant A where they have no membership.
  expect(await callMe(`Bearer ${await token({ sub: other.userId, tid: owner.tenantId })}`)).toEqual(reference);
});
