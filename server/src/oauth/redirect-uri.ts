// Redirect URI rules (OAuth 2.1 §2.3.1, RFC 8252 §7.3 and §8.3).

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Loopback over plain HTTP: a native app's local callback, whose port changes every run. */
export function isLoopbackRedirect(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Why a redirect URI cannot be registered, or undefined when it can: HTTPS anywhere, or
 * HTTP on a loopback host; no fragment, no user info.
 */
export function redirectUriProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.hash || value.includes('#')) return 'must not contain a fragment';
  if (url.username || url.password) return 'must not contain user information';
  if (url.protocol === 'https:' || isLoopbackRedirect(url)) return undefined;
  return 'must use https, or http on localhost, 127.0.0.1 or [::1]';
}

/**
 * Whether `requested` is one of the `registered` redirect URIs: exactly, except that for
 * loopback URIs any port matches (RFC 8252 §7.3), since the client picks a free port per run.
 */
export function matchesRegisteredRedirect(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true;
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return false;
  }
  if (!isLoopbackRedirect(url) || url.hash) return false;
  return registered.some((candidate) => {
    const known = URL.canParse(candidate) ? new URL(candidate) : undefined;
    return !!known && isLoopbackRedirect(known) && withoutPort(known) === withoutPort(url);
  });
}

function withoutPort(url: URL): string {
  return `${url.protocol}//${url.hostname}${url.pathname}${url.search}`;
}
