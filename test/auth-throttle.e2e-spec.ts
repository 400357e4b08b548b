import { signUp, uniqueEmail } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Two failures per email, eight per client (the per-client limit is four times the per-email one).
let testApp: TestApp;
beforeAll(async () => { testApp = await startTestApp({ SIGN_IN_MAX_FAILURES: '2' }); }, 60_000);
afterAll(() => testApp.close());

const signIn = (email: string, password: string) =>
  fetch(`${testApp.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

test('unknown emails are throttled exactly like known ones', async () => {
  const known = await signUp(testApp.baseUrl);
  const unknown = uniqueEmail('ghost');
  const answers: number[][] = [[], []];
  for (let attempt = 0; attempt < 3; attempt++) {
    answers[0]!.push((await signIn(known.email, 'wrong password')).status);
    answers[1]!.push((await signIn(unknown, 'wrong password')).status);
  }
  expect(answers).toEqual([[401, 401, 429], [401, 401, 429]]);
});

test('one client failing across many emails is stopped too, even for a right password', async () => {
  // Signed up (and, by the helper, signed in) before this client is blocked.
  const fresh = await signUp(testApp.baseUrl);
  // 4 failures so far from this client (previous test); 4 more reach its limit of 8.
  for (let index = 0; index < 4; index++) {
    expect((await signIn(uniqueEmail('spray'), 'wrong password')).status).toBe(401);
  }
  const blocked = await signIn(fresh.email, fresh.password);
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
});
