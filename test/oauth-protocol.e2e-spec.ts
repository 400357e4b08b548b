import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { callbackOf, FormBrowser, signInAndApprove } from './support/oauth-browser.js';
import { pkcePair } from './support/oauth-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let testApp: TestApp;
let account: SignedUpAccount;
let port: string;
beforeAll(async () => {
  testApp = await startTestApp({ OAUTH_REGISTRATIONS_PER_HOUR: '1000' });
  account = await signUp(testApp.baseUrl);
  port = new URL(testApp.baseUrl).port;
}, 60_000);
afterAll(() => testApp?.close());

const REDIRECT = 'http://localhost:7777/oauth/callback';

async function register(body: unknown): Promise<{ status: number; json: Record<string, any> }> {
  const response = await fetch(`${testApp.baseUrl}/api/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function registeredClient(redirectUri = REDIRECT): Promise<string> {
  const { status, json } = await register({ client_name: 'Gemini CLI', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' });
  expect(status).toBe(201);
  return json.client_id as string;
}

function authorizeUrl(params: Record<string, string | undefined>): string {
  const url = new URL(`${testApp.baseUrl}/api/oauth/authorize`);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.href;
}

function goodParams(clientId: string, challenge: string, extra: Record<string, string | undefined> = {}) {
  return {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: 'crm:read crm:write',
    resource: `${testApp.baseUrl}/api/mcp`,
    ...extra,
  };
}

async function token(params: Record<string, string>) {
  const response = await fetch(`${testApp.baseUrl}/api/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any>, headers: response.headers };
}

async function codeFor(clientId: string, challenge: string): Promise<string> {
  const callback = await signInAndApprove(authorizeUrl(goodParams(clientId, challenge)), account);
  return callback.code!;
}

describe('discovery documents', () => {
  test.each(['127.0.0.1', 'localhost'])('protected resource metadata echoes the loopback name the client used (%s)', async (host) => {
    const base = `http://${host}:${port}`;
    for (const path of ['/.well-known/oauth-protected-resource/api/mcp', '/.well-known/oauth-protected-resource']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource: `${base}/api/mcp`,
        authorization_servers: [base],
        scopes_supported: ['crm:read', 'crm:write'],
        bearer_methods_supported: ['header'],
        resource_name: 'Synapse CRM',
      });
    }
  });

  test.each(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])('%s describes the authorization server', async (path) => {
    const response = await fetch(`${testApp.baseUrl}${path}`);
    expect(response.status).toBe(200);
    const base = testApp.baseUrl;
    expect(await response.json()).toEqual({
      issuer: base,
      authorization_endpoint: `${base}/api/oauth/authorize`,
      token_endpoint: `${base}/api/oauth/token`,
      registration_endpoint: `${base}/api/oauth/register`,
      revocation_endpoint: `${base}/api/oauth/revoke`,
      scopes_supported: ['crm:read', 'crm:write'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
  });
});

describe('dynamic client registration (RFC 7591)', () => {
  test('accepts a request without application_type and any loopback port, as Gemini CLI sends it', async () => {
    const { status, json } = await register({ client_name: 'Gemini CLI MCP Client', redirect_uris: ['http://localhost:53682/oauth/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' });
    expect(status).toBe(201);
    expect(json).toMatchObject({ client_name: 'Gemini CLI MCP Client', token_endpoint_auth_method: 'none', redirect_uris: ['http://localhost:53682/oauth/callback'] });
    expect(json.client_id).toMatch(/^synapse-client-/);
  });

  test('names the bad field in RFC 7591 error format', async () => {
    const badRedirect = await register({ redirect_uris: ['http://evil.example.com/cb'] });
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.json.error).toBe('invalid_redirect_uri');
    expect(badRedirect.json.error_description).toContain('redirect_uris.0');
    const missing = await register({ client_name: 'x', grant_types: ['password'] });
    expect(missing.json.error).toBe('invalid_client_metadata');
    expect(missing.json.error_description).toContain('redirect_uris');
    expect(missing.json.error_description).toContain('grant_types.0');
  });

  test('refuses an oversized registration', async () => {
    const { status, json } = await register({ redirect_uris: [REDIRECT], software_statement: 'x'.repeat(20_000) });
    expect(status).toBe(413);
    expect(json.error).toBe('invalid_client_metadata');
  });

  test('is rate-limited per client address', async () => {
    const limited = await startTestApp({ OAUTH_REGISTRATIONS_PER_HOUR: '2' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await fetch(`${limited.baseUrl}/api/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [REDIRECT] }) });
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('authorization endpoint', () => {
  test('an unknown client or an unregistered redirect URI is shown on a page, never redirected', async () => {
    const clientId = await registeredClient();
    const { challenge } = pkcePair();
    for (const url of [
      authorizeUrl(goodParams('synapse-client-unknown', challenge)),
      authorizeUrl(goodParams(clientId, challenge, { redirect_uri: 'http://localhost:7777/elsewhere' })),
      authorizeUrl(goodParams(clientId, challenge, { redirect_uri: 'https://attacker.example/cb' })),
    ]) {
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain('role="alert"');
    }
  });

  test('a loopback redirect URI matches on any port (RFC 8252)', async () => {
    const clientId = await registeredClient();
    const { challenge } = pkcePair();
    const response = await fetch(authorizeUrl(goodParams(clientId, challenge, { redirect_uri: 'http://localhost:61001/oauth/callback' })));
    expect(response.status).toBe(200);
  });

  test.each([
    [{ code_challenge: undefined }, 'invalid_request'],
    [{ code_challenge_method: 'plain' }, 'invalid_request'],
    [{ code_challenge_method: undefined }, 'invalid_request'],
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ scope: 'admin' }, 'invalid_scope'],
    [{ resource: 'http://127.0.0.1:1/api/mcp' }, 'invalid_target'],
  ])('%j goes back to the client as %s, with state and iss', async (change, error) => {
    const clientId = await registeredClient();
    const { challenge } = pkcePair();
    const response = await fetch(authorizeUrl(goodParams(clientId, challenge, change as Record<string, string | undefined>)), { redirect: 'manual' });
    expect(response.status).toBe(303);
    const callback = callbackOf(response.headers.get('location')!);
    expect(callback).toMatchObject({ error, state: 'state-123', iss: testApp.baseUrl });
    expect(callback.url.origin + callback.url.pathname).toBe(REDIRECT);
  });

  test('the pages are CSP-clean and the consent page may lead to the redirect URI, and only there', async () => {
    const clientId = await registeredClient();
    const browser = new FormBrowser();
    await browser.open(authorizeUrl(goodParams(clientId, pkcePair().challenge)));
    const loginCsp = browser.lastHeaders.get('content-security-policy')!;
    expect(loginCsp).toContain("form-action 'self';");
    expect(loginCsp).toContain("default-src 'none'");
    expect(browser.lastHtml).not.toMatch(/<script|style=/);
    expect(browser.page().querySelector('html')!.getAttribute('lang')).toBe('en');
    expect(browser.page().querySelector('meta[name="viewport"]')).not.toBeNull();
    expect(browser.page().querySelector('label[for="email"]')).not.toBeNull();
    expect(browser.page().querySelector('a[href^="/api/oauth/sign-up"]')).not.toBeNull();
    await browser.submit('form', { email: account.email, password: account.password });
    expect(browser.lastHeaders.get('content-security-policy')).toContain(`form-action 'self' ${REDIRECT};`);
    const text = browser.page().querySelector('main')!.text;
    expect(text).toContain('Gemini CLI');
    expect(text).toContain('localhost:7777');
    expect(text).toContain('Read your contacts');
    expect(text).toContain('Create, change and delete');
  });

  test('a wrong password shows the form again with an error; the redirect carries code, state and iss', async () => {
    const clientId = await registeredClient();
    const browser = new FormBrowser();
    await browser.open(authorizeUrl(goodParams(clientId, pkcePair().challenge)));
    await browser.submit('form', { email: account.email, password: 'wrong password!' });
    expect(browser.lastStatus).toBe(401);
    expect(browser.page().querySelector('[role="alert"]')!.text).toContain('incorrect');
    await browser.submit('form', { email: account.email, password: account.password });
    const answer = await browser.submit('form', {}, { name: 'decision', value: 'approve' });
    expect(answer.status).toBe(303);
    const callback = callbackOf(answer.headers.get('location')!);
    expect(callback).toMatchObject({ state: 'state-123', iss: testApp.baseUrl });
    expect(callback.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('the login page links to a sign-up page; a new account then signs in and reaches consent', async () => {
    const clientId = await registeredClient();
    const browser = new FormBrowser();
    await browser.open(authorizeUrl(goodParams(clientId, pkcePair().challenge)));
    const href = browser.page().querySelector('a[href^="/api/oauth/sign-up"]')!.getAttribute('href')!;
    await browser.open(new URL(href, testApp.baseUrl));
    expect(browser.lastStatus).toBe(200);
    expect(browser.page().querySelector('label[for="company"]')).not.toBeNull();
    await browser.submit('form', { name: 'New Person', company: 'New Co', email: 'short', password: 'short' });
    expect(browser.lastStatus).toBe(400);
    expect(browser.page().querySelector('[role="alert"]')!.text).toContain('email, password');
    const email = `new-${Date.now()}@example.test`;
    await browser.submit('form', { email, password: 'a long enough password' });
    expect(browser.lastStatus).toBe(200);
    expect(browser.page().querySelector('[role="status"]')!.text).toContain('Sign in to continue');
    await browser.submit('form', { password: 'a long enough password' });
    expect(browser.page().querySelector('h1')!.text).toContain('Allow Gemini CLI');
    expect(browser.page().querySelector('main')!.text).toContain('New Co');
  });

  test('denying sends access_denied back', async () => {
    const clientId = await registeredClient();
    const callback = await signInAndApprove(authorizeUrl(goodParams(clientId, pkcePair().challenge)), account, { decision: 'deny' });
    expect(callback).toMatchObject({ error: 'access_denied', state: 'state-123', iss: testApp.baseUrl });
  });

  test('a form posted without the CSRF cookie, or with another value, is refused', async () => {
    const clientId = await registeredClient();
    const browser = new FormBrowser();
    await browser.open(authorizeUrl(goodParams(clientId, pkcePair().challenge)));
    const page = browser.page();
    const fields = Object.fromEntries(page.querySelectorAll('input[type="hidden"]').map((input) => [input.getAttribute('name')!, input.getAttribute('value')!]));
    const post = (body: Record<string, string>, cookie?: string) =>
      fetch(`${testApp.baseUrl}/api/oauth/authorize/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams(body).toString(),
      });
    const noCookie = await post({ ...fields, email: account.email, password: account.password });
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toContain('expired');
    const otherValue = await post({ ...fields, csrf: 'A'.repeat(43), email: account.email, password: account.password }, `synapse_oauth_csrf=${'A'.repeat(43)}`);
    expect(otherValue.status).toBe(400);
  });
});

describe('token endpoint', () => {
  test('PKCE: a missing or wrong verifier is refused', async () => {
    const clientId = await registeredClient();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(clientId, challenge);
    const base = { grant_type: 'authorization_code', code, client_id: clientId, redirect_uri: REDIRECT };
    const missing = await token(base);
    expect([missing.status, missing.json.error]).toEqual([400, 'invalid_request']);
    expect(missing.json.error_description).toContain('code_verifier');
    const wrong = await token({ ...base, code_verifier: pkcePair().verifier });
    expect([wrong.status, wrong.json.error]).toEqual([400, 'invalid_grant']);
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    const plainAsVerifier = await token({ ...base, code_verifier: challenge });
    expect(plainAsVerifier.json.error).toBe('invalid_grant');
    const right = await token({ ...base, code_verifier: verifier });
    expect(right.status).toBe(200);
  });

  test('a wrong redirect_uri or resource is refused', async () => {
    const clientId = await registeredClient();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(clientId, challenge);
    const base = { grant_type: 'authorization_code', code, client_id: clientId, code_verifier: verifier };
    expect((await token({ ...base, redirect_uri: 'http://localhost:7777/other' })).json.error).toBe('invalid_grant');
    expect((await token({ ...base, redirect_uri: REDIRECT, resource: 'http://localhost:1/api/mcp' })).json.error).toBe('invalid_target');
    const ok = await token({ ...base, redirect_uri: REDIRECT, resource: `${testApp.baseUrl}/api/mcp` });
    expect(ok.status).toBe(200);
    expect(ok.json.expires_in).toBe(3600);
    expect(ok.headers.get('pragma')).toBe('no-cache');
  });

  test('a replayed code is refused and revokes what its first use issued', async () => {
    const clientId = await registeredClient();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(clientId, challenge);
    const params = { grant_type: 'authorization_code', code, client_id: clientId, code_verifier: verifier, redirect_uri: REDIRECT };
    const first = await token(params);
    expect(first.status).toBe(200);
    const replay = await token(params);
    expect([replay.status, replay.json.error]).toEqual([400, 'invalid_grant']);
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token, client_id: clientId });
    expect(refresh.json.error).toBe('invalid_grant');
  });

  test('another client cannot use the code, and unknown grant types are named', async () => {
    const clientId = await registeredClient();
    const otherId = await registeredClient();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(clientId, challenge);
    expect((await token({ grant_type: 'authorization_code', code, client_id: otherId, code_verifier: verifier, redirect_uri: REDIRECT })).json.error).toBe('invalid_grant');
    expect((await token({ grant_type: 'password' })).json.error).toBe('unsupported_grant_type');
    const repeated = await fetch(`${testApp.baseUrl}/api/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=authorization_code&code=a&code=b&client_id=${clientId}`,
    });
    expect(((await repeated.json()) as { error: string }).error).toBe('invalid_request');
  });

  test('bodies that cannot be read still get OAuth-format errors on the protocol endpoints', async () => {
    const plain = await fetch(`${testApp.baseUrl}/api/oauth/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(plain.status).toBe(415);
    expect(plain.headers.get('cache-control')).toBe('no-store');
    expect(((await plain.json()) as { error: string }).error).toBe('invalid_request');
    const badJson = await fetch(`${testApp.baseUrl}/api/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{bad' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('not valid JSON') });
  });

  test('form bodies are accepted on the OAuth routes only', async () => {
    const response = await fetch(`${testApp.baseUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a&password=b' });
    expect(response.status).toBe(415);
  });
});

describe('client ID metadata documents', () => {
  let server: Server;
  let documentUrl: string;
  let document: Record<string, unknown>;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(request.url === '/client.json' ? document : { client_id: 'https://elsewhere.example/client.json', redirect_uris: [REDIRECT] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Plain HTTP on loopback is allowed outside production only, for exactly this kind of test.
    documentUrl = `http://localhost:${(server.address() as AddressInfo).port}/client.json`;
    document = { client_id: documentUrl, client_name: 'Metadata Document Client', redirect_uris: [REDIRECT] };
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('a client identified by its metadata URL goes through the whole flow', async () => {
    const { verifier, challenge } = pkcePair();
    const browser = new FormBrowser();
    await browser.open(authorizeUrl(goodParams(documentUrl, challenge)));
    expect(browser.lastStatus).toBe(200);
    expect(browser.page().querySelector('h1')!.text).toContain('Metadata Document Client');
    const callback = await signInAndApprove(authorizeUrl(goodParams(documentUrl, challenge)), account);
    const answer = await token({ grant_type: 'authorization_code', code: callback.code!, client_id: documentUrl, code_verifier: verifier, redirect_uri: REDIRECT });
    expect(answer.status).toBe(200);
  });

  test('a document naming another client_id, or a redirect it does not list, is refused on a page', async () => {
    const other = documentUrl.replace('/client.json', '/other.json');
    const mismatch = await fetch(authorizeUrl(goodParams(other, pkcePair().challenge)), { redirect: 'manual' });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('different client_id');
    const wrongRedirect = await fetch(authorizeUrl(goodParams(documentUrl, pkcePair().challenge, { redirect_uri: 'https://elsewhere.example/cb' })), { redirect: 'manual' });
    expect(wrongRedirect.status).toBe(400);
    expect(wrongRedirect.headers.get('location')).toBeNull();
  });
});
