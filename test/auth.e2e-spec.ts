import type { SessionOutput } from '../server/src/auth/auth.schemas.js';
import type { ProblemDetails } from '../server/src/common/errors/problem-details.js';
import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { signUp, uniqueEmail } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
beforeAll(async () => { testApp = await startTestApp(); }, 60_000);
afterAll(() => testApp.close());

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${testApp.baseUrl}/api/auth/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const sessionOf = async (response: Response) => (await response.json()) as SessionOutput;

const me = (accessToken: string) =>
  fetch(`${testApp.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });

describe('sign-up', () => {
  test('creates user, tenant, OWNER membership and the default pipeline; sign-in is the follow-up', async () => {
    const email = uniqueEmail('Mixed.Case').replace('@example', '@EXAMPLE');
    const response = await post('sign-up', { email, password: 'long enough password', name: 'Ada', company: 'Acme' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'accepted', message: expect.stringMatching(/sign in/) });
    const signedIn = await post('sign-in', { email, password: 'long enough password' });
    expect(signedIn.status).toBe(200);
    const session = await sessionOf(signedIn);
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { email: email.toLowerCase(), name: 'Ada' },
      tenant: { name: 'Acme' },
      role: 'OWNER',
    });
    expect(typeof session.accessToken).toBe('string');
    expect(typeof session.refreshToken).toBe('string');

    const prisma = testApp.app.get(PrismaClient);
    const membership = await prisma.membership.findUnique({
      where: { tenantId_userId: { tenantId: session.tenant.id, userId: session.user.id } },
    });
    expect(membership?.role).toBe('OWNER');
    const pipeline = await prisma.pipeline.findFirst({ where: { tenantId: session.tenant.id }, include: { stages: true } });
    expect(pipeline?.isDefault).toBe(true);
    expect(pipeline?.stages.map((stage) => stage.name).sort()).toEqual(
      ['Closed Lost', 'Closed Won', 'Negotiation', 'Proposal', 'Prospecting', 'Qualification'],
    );
    const user = await prisma.user.findUniqueOrThrow({ where: { id: session.user.id } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);

    const meResponse = await me(session.accessToken);
    expect(meResponse.status).toBe(200);
    expect(await meResponse.json()).toEqual({ user: session.user, tenant: session.tenant, role: 'OWNER' });
  });

  test('a taken email, whatever its case, gets the very same 202, creates nothing and changes nothing', async () => {
    const account = await signUp(testApp.baseUrl);
    const prisma = testApp.app.get(PrismaClient);
    const tenantsBefore = await prisma.tenant.count();
    const response = await post('sign-up', {
      email: account.email.toUpperCase(),
      password: 'another long password',
      name: 'Copy',
      company: 'Copy Inc',
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'accepted', message: expect.any(String) });
    expect(await prisma.tenant.count()).toBe(tenantsBefore);
    // The account is untouched: its own password still works, the one sent to sign-up does not.
    expect((await post('sign-in', { email: account.email, password: account.password })).status).toBe(200);
    expect((await post('sign-in', { email: account.email, password: 'another long password' })).status).toBe(401);
  });

  test('validates input: short password, bad email, unknown field', async () => {
    const response = await post('sign-up', { email: 'nope', password: 'short', name: 'A', company: 'B', admin: true });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as ProblemDetails;
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors!.map((issue) => issue.path).sort()).toEqual(['admin', 'email', 'password']);
  });
});

describe('sign-in', () => {
  test('returns an access and a refresh token for the right password', async () => {
    const account = await signUp(testApp.baseUrl);
    const response = await post('sign-in', { email: account.email.toUpperCase(), password: account.password });
    expect(response.status).toBe(200);
    const session = await sessionOf(response);
    expect(session).toMatchObject({ tokenType: 'Bearer', user: { id: account.userId }, tenant: { id: account.tenantId } });
    expect((await me(session.accessToken)).status).toBe(200);
  });

  test('a wrong password and an unknown email get the identical answer', async () => {
    const account = await signUp(testApp.baseUrl);
    const wrongPassword = await post('sign-in', { email: account.email, password: 'not the password' });
    const unknownEmail = await post('sign-in', { email: uniqueEmail('ghost'), password: 'not the password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(unknownEmail.headers.get('www-authenticate')).toBe(wrongPassword.headers.get('www-authenticate'));
    expect(await unknownEmail.json()).toEqual(await wrongPassword.json());
  });

  test('throttles repeated failures with 429 and Retry-After, even for the right password', async () => {
    const account = await signUp(testApp.baseUrl);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await post('sign-in', { email: account.email, password: 'wrong password' })).status).toBe(401);
    }
    const blocked = await post('sign-in', { email: account.email, password: account.password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.json()).toMatchObject({ code: 'rate_limited', status: 429 });
  });
});

describe('refresh and sign-out', () => {
  test('rotation issues a new pair; reusing a rotated token revokes the whole family', async () => {
    const account = await signUp(testApp.baseUrl);
    const first = await post('refresh', { refreshToken: account.refreshToken });
    expect(first.status).toBe(200);
    const second = await sessionOf(first);
    expect(second.refreshToken).not.toBe(account.refreshToken);
    expect((await me(second.accessToken)).status).toBe(200);

    const third = await sessionOf(await post('refresh', { refreshToken: second.refreshToken }));
    expect(typeof third.refreshToken).toBe('string');

    // The first token was already used: someone replayed it.
    const replay = await post('refresh', { refreshToken: account.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toBe('Bearer');
    // ...so even the newest token of that family is dead now.
    expect((await post('refresh', { refreshToken: third.refreshToken })).status).toBe(401);
  });

  test('an unknown refresh token is refused', async () => {
    expect((await post('refresh', { refreshToken: 'made-up-token' })).status).toBe(401);
  });

  test('sign-out revokes the refresh token and is idempotent', async () => {
    const account = await signUp(testApp.baseUrl);
    const signOut = await post('sign-out', { refreshToken: account.refreshToken });
    expect(signOut.status).toBe(204);
    expect((await post('refresh', { refreshToken: account.refreshToken })).status).toBe(401);
    expect((await post('sign-out', { refreshToken: account.refreshToken })).status).toBe(204);
  });

  test('sessions are independent: signing out one leaves another working', async () => {
    const account = await signUp(testApp.baseUrl);
    const other = await sessionOf(await post('sign-in', { email: account.email, password: account.password }));
    await post('sign-out', { refreshToken: account.refreshToken });
    expect((await post('refresh', { refreshToken: other.refreshToken })).status).toBe(200);
  });
});
