import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
beforeAll(async () => { testApp = await startTestApp(); }, 60_000);
afterAll(() => testApp.close());

test('GET /api/health is public and reports liveness and a ready database', async () => {
  const response = await fetch(`${testApp.baseUrl}/api/health`);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toMatchObject({
    status: 'ok',
    liveness: { status: 'up' },
    readiness: { status: 'up', checks: { database: { status: 'up' } } },
  });
});

test('security headers are set', async () => {
  const response = await fetch(`${testApp.baseUrl}/api/health`);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(response.headers.get('strict-transport-security')).toContain('max-age=');
  expect(response.headers.get('x-powered-by')).toBeNull();
});

test('an incoming x-request-id is echoed; a missing or unsafe one is replaced', async () => {
  const echoed = await fetch(`${testApp.baseUrl}/api/health`, { headers: { 'x-request-id': 'trace-42.abc' } });
  expect(echoed.headers.get('x-request-id')).toBe('trace-42.abc');
  const generated = await fetch(`${testApp.baseUrl}/api/health`);
  expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const unsafe = await fetch(`${testApp.baseUrl}/api/health`, { headers: { 'x-request-id': 'a b\tc{"level":60}' } });
  expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('a body over BODY_LIMIT is refused with 413 problem+json', async () => {
  const response = await fetch(`${testApp.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(1_100_000) }),
  });
  expect(response.status).toBe(413);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(await response.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
});

test.each(['text/plain', 'application/x-www-form-urlencoded'])('a %s body is refused with 415 problem+json: the API reads JSON only', async (type) => {
  const response = await fetch(`${testApp.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: 'email=a@b.test&password=long enough password',
  });
  expect(response.status).toBe(415);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(await response.json()).toMatchObject({ status: 415, code: 'unsupported_media_type' });
});

test('a malformed JSON body is a 400 problem+json, not a 500', async () => {
  const response = await fetch(`${testApp.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"email":',
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ code: 'validation_failed' });
});
