import { checkAuthorizationRequest, checkRedirectTarget, PageError, redirectWith } from './authorization-request.js';
import { grantableScopes } from './oauth-scopes.js';
import { pageCsp } from './pages/html.js';

const client = { clientId: 'c1', name: 'Gemini CLI', redirectUris: ['http://localhost:1234/oauth/callback'] };
const server = { issuer: 'http://localhost:3001', resource: 'http://localhost:3001/api/mcp' };
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const good = { response_type: 'code', client_id: 'c1', code_challenge: challenge, code_challenge_method: 'S256', state: 's' };

describe('authorization request checks', () => {
  test('a complete request passes, with every scope and the MCP resource by default', () => {
    expect(checkAuthorizationRequest(good, client, client.redirectUris[0]!, server)).toEqual({
      clientId: 'c1',
      clientName: 'Gemini CLI',
      redirectUri: client.redirectUris[0],
      state: 's',
      codeChallenge: challenge,
      scopes: ['crm:read', 'crm:write'],
      resource: server.resource,
      issuer: server.issuer,
    });
  });

  test.each([
    [{ code_challenge_method: 'plain' }, 'invalid_request'],
    [{ code_challenge: 'short' }, 'invalid_request'],
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ scope: 'openid profile' }, 'invalid_scope'],
    [{ resource: 'http://127.0.0.1:3001/api/mcp' }, 'invalid_target'],
    [{ resource: 'http://localhost:3001/api/mcp/' }, 'invalid_target'],
  ])('%j is refused as %s', (change, error) => {
    expect(checkAuthorizationRequest({ ...good, ...change }, client, client.redirectUris[0]!, server)).toMatchObject({ error, state: 's' });
  });

  test('without redirect_uri, the only registered one is used; with several, it is a page error', () => {
    expect(checkRedirectTarget({}, client)).toBe(client.redirectUris[0]);
    expect(() => checkRedirectTarget({}, { ...client, redirectUris: ['https://a.example/cb', 'https://b.example/cb'] })).toThrow(PageError);
    expect(() => checkRedirectTarget({ redirect_uri: 'https://evil.example/cb' }, client)).toThrow(PageError);
  });

  test('the redirect keeps the client\'s own query and adds code, state and iss', () => {
    expect(redirectWith('https://app.example/cb?x=1', { code: 'c', state: undefined, iss: 'http://localhost:3001' }))
      .toBe('https://app.example/cb?x=1&code=c&iss=http%3A%2F%2Flocalhost%3A3001');
  });
});

describe('scopes', () => {
  test('unknown scopes are dropped; none asked means all; only unknown ones means none', () => {
    expect(grantableScopes('crm:write offline_access crm:read')).toEqual(['crm:read', 'crm:write']);
    expect(grantableScopes(undefined)).toEqual(['crm:read', 'crm:write']);
    expect(grantableScopes('crm:read')).toEqual(['crm:read']);
    expect(grantableScopes('admin')).toBeUndefined();
  });
});

describe('page CSP', () => {
  test('forms post to us, and the consent page may also lead to the exact redirect URI', () => {
    expect(pageCsp()).toContain("form-action 'self';");
    expect(pageCsp('http://localhost:7777/oauth/callback?x=1')).toContain("form-action 'self' http://localhost:7777/oauth/callback;");
    expect(pageCsp("https://app.example/c;b")).toContain("form-action 'self' https://app.example;");
    expect(pageCsp()).not.toMatch(/unsafe-inline|script-src/);
  });
});
