import { matchesRegisteredRedirect, redirectUriProblem } from './redirect-uri.js';

describe('redirect URIs', () => {
  test.each([
    ['http://localhost:7777/oauth/callback', undefined],
    ['http://127.0.0.1/cb', undefined],
    ['http://[::1]:9000/cb', undefined],
    ['https://app.example.com/cb', undefined],
    ['http://app.example.com/cb', 'must use https, or http on localhost, 127.0.0.1 or [::1]'],
    ['https://app.example.com/cb#x', 'must not contain a fragment'],
    ['https://user:pw@app.example.com/cb', 'must not contain user information'],
    ['javascript:alert(1)', 'must use https, or http on localhost, 127.0.0.1 or [::1]'],
    ['/relative', 'must be an absolute URL'],
  ])('%s -> %s', (uri, problem) => {
    expect(redirectUriProblem(uri)).toBe(problem);
  });

  test('a loopback redirect matches whatever its port (RFC 8252 §7.3)', () => {
    const registered = ['http://localhost:1234/oauth/callback'];
    expect(matchesRegisteredRedirect('http://localhost:5555/oauth/callback', registered)).toBe(true);
    expect(matchesRegisteredRedirect('http://localhost/oauth/callback', registered)).toBe(true);
    expect(matchesRegisteredRedirect('http://localhost:5555/other', registered)).toBe(false);
    expect(matchesRegisteredRedirect('http://127.0.0.1:5555/oauth/callback', registered)).toBe(false);
  });

  test('anything else matches exactly', () => {
    const registered = ['https://app.example.com/cb'];
    expect(matchesRegisteredRedirect('https://app.example.com/cb', registered)).toBe(true);
    expect(matchesRegisteredRedirect('https://app.example.com:8443/cb', registered)).toBe(false);
    expect(matchesRegisteredRedirect('https://app.example.com/cb/', registered)).toBe(false);
    expect(matchesRegisteredRedirect('https://app.example.com/cb?x=1', registered)).toBe(false);
  });
});
