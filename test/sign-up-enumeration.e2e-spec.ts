import { PrismaClient } from '../server/src/generated/prisma/client.js';
import { signUp, uniqueEmail } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Sign-up must not tell whether an email already has an account: the answer is the same,
// byte for byte, and the one follow-up (sign-in) is the same. Timing is measured by
// `npm run bench:sign-up` (figures in ADR 0034), not compared here: on a loaded CI machine
// any timed comparison would be flaky. Only the floor is asserted, which load cannot break.
const FLOOR_MS = 400;

let testApp: TestApp;
beforeAll(async () => { testApp = await startTestApp({ SIGN_UP_MIN_DURATION_MS: String(FLOOR_MS) }); }, 60_000);
afterAll(() => testApp?.close());

async function rawSignUp(body: Record<string, unknown>): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const started = performance.now();
  const response = await fetch(`${testApp.baseUrl}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  // Headers that differ on every response whatever the input.
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !['date', 'x-request-id'].includes(name)));
  const text = await response.text();
  // No answer, new email or taken, comes sooner than SIGN_UP_MIN_DURATION_MS.
  expect(performance.now() - started).toBeGreaterThanOrEqual(FLOOR_MS);
  return { status: response.status, headers, text };
}

test('a new email and a taken one get byte-identical answers (status, headers, body)', async () => {
  const existing = await signUp(testApp.baseUrl);
  const prisma = testApp.app.get(PrismaClient);
  const usersBefore = await prisma.user.count();
  const body = { password: 'some long password', name: 'Probe', company: 'Probe Co' };
  const taken = await rawSignUp({ ...body, email: existing.email });
  const fresh = await rawSignUp({ ...body, email: uniqueEmail('fresh') });
  expect(taken).toEqual(fresh);
  expect(taken.status).toBe(202);
  expect(JSON.parse(taken.text)).toEqual({ status: 'accepted', message: expect.stringMatching(/sign in/) });
  // Only the new email made an account.
  expect(await prisma.user.count()).toBe(usersBefore + 1);
});

test('the same holds with an invitation', async () => {
  const owner = await signUp(testApp.baseUrl);
  const existing = await signUp(testApp.baseUrl);
  const invite = async (email: string) => {
    const response = await fetch(`${testApp.baseUrl}/api/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.accessToken}` },
      body: JSON.stringify({ email }),
    });
    return ((await response.json()) as { token: string }).token;
  };
  const newEmail = uniqueEmail('invited');
  const body = { password: 'some long password', name: 'Probe' };
  const taken = await rawSignUp({ ...body, email: existing.email, invitation: await invite(existing.email) });
  const fresh = await rawSignUp({ ...body, email: newEmail, invitation: await invite(newEmail) });
  expect(taken).toEqual(fresh);
});

// The auth_sign_up tool exists only over stdio; test/mcp-stdio.e2e-spec.ts checks it answers the same.
