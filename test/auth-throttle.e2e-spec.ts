import { signUp, uniqueEmail } from './support/accounts.js';
import { burst, signInAs } from './support/sign-in.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Behind a proxy on loopback (TRUST_PROXY), each test speaks as its own client address through
// X-Forwarded-For. Three failures per account and client; twelve per client; sixty per account.
let testApp: TestApp;
beforeAll(async () => { testApp = await startTestApp({ SIGN_IN_MAX_FAILURES: '3', TRUST_PROXY: '127.0.0.1' }); }, 60_000);
afterAll(() => testApp.close());

const signIn = (email: string, password: string, clientIp: string) => signInAs(testApp.baseUrl, email, password, clientIp);

test('unknown emails are throttled exactly like known ones', async () => {
  const known = await signUp(testApp.baseUrl);
  const unknown = uniqueEmail('ghost');
  const answers: number[][] = [[], []];
  for (let attempt = 0; attempt < 4; attempt++) {
    answers[0]!.push((await signIn(known.email, 'wrong password', '203.0.113.1')).status);
    answers[1]!.push((await signIn(unknown, 'wrong password', '203.0.113.1')).status);
  }
  expect(answers).toEqual([[401, 401, 401, 429], [401, 401, 401, 429]]);
});

test('a burst of 16 concurrent wrong passwords is cut at the limit: 3 evaluated, 13 refused with 429', async () => {
  const account = await signUp(testApp.baseUrl);
  const statuses = await burst(testApp.baseUrl, account.email, 16, '203.0.113.2');
  expect(statuses).toEqual([...Array(3).fill(401), ...Array(13).fill(429)]);
});

test('an attacker\'s burst from one client does not lock the owner out of their own client', async () => {
  const victim = await signUp(testApp.baseUrl);
  const attacker = '198.51.100.7';
  expect(await burst(testApp.baseUrl, victim.email, 16, attacker)).toContain(429);
  // The owner, on another address, with the right password.
  const owner = await signIn(victim.email, victim.password, '192.0.2.10');
  expect(owner.status).toBe(200);
  // The attacker stays throttled on this account, even with the right password now.
  const blocked = await signIn(victim.email, victim.password, attacker);
  expect(blocked.status).toBe(429);
  expect(blocked.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
});

test('one client failing across many accounts is stopped too, even for a right password', async () => {
  const sprayer = '203.0.113.4';
  for (let index = 0; index < 12; index++) {
    expect((await signIn(uniqueEmail('spray'), 'wrong password', sprayer)).status).toBe(401);
  }
  const fresh = await signUp(testApp.baseUrl);
  const blocked = await signIn(fresh.email, fresh.password, sprayer);
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  // Another client is unaffected.
  expect((await signIn(fresh.email, fresh.password, '203.0.113.5')).status).toBe(200);
});

test('guessing spread over many addresses hits the account-wide limit, which spares clients the owner signed in from', async () => {
  const victim = await signUp(testApp.baseUrl);
  const ownClient = '192.0.2.20';
  expect((await signIn(victim.email, victim.password, ownClient)).status).toBe(200);
  // 20 addresses x 3 failures = 60, the account-wide budget (20 x SIGN_IN_MAX_FAILURES).
  for (let host = 1; host <= 20; host++) {
    expect(await burst(testApp.baseUrl, victim.email, 3, `100.64.0.${host}`)).toEqual([401, 401, 401]);
  }
  expect((await signIn(victim.email, victim.password, '100.64.1.1')).status).toBe(429);
  expect((await signIn(victim.email, victim.password, ownClient)).status).toBe(200);
}, 120_000);

test('a success hands its points back: signing in often from one client is never throttled', async () => {
  const account = await signUp(testApp.baseUrl);
  for (let index = 0; index < 14; index++) {
    expect((await signIn(account.email, account.password, '203.0.113.6')).status).toBe(200);
  }
});

describe('without TRUST_PROXY', () => {
  let direct: TestApp;
  beforeAll(async () => { direct = await startTestApp({ SIGN_IN_MAX_FAILURES: '3' }); }, 60_000);
  afterAll(() => direct.close());

  test('X-Forwarded-For is ignored: a client cannot claim a fresh address to escape its limit', async () => {
    const email = uniqueEmail('spoof');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push((await signInAs(direct.baseUrl, email, 'wrong password', `198.18.0.${attempt + 1}`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
