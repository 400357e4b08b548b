// Server-rendered pages of the authorization flow: plain HTML, no script, one stylesheet of ours.

export const STYLESHEET_PATH = '/api/oauth/assets/oauth.css';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value, escaped for HTML. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} · Synapse CRM</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main class="card">
<p class="brand">Synapse CRM</p>
${body}
</main>
</body>
</html>
`;
}

export function hiddenFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`)
    .join('\n');
}

/** An error or notice, announced by screen readers when the page loads. */
export function message(text: string | undefined, kind: 'error' | 'notice' = 'error'): string {
  if (!text) return '';
  return `<p class="${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${esc(text)}</p>`;
}

/**
 * The pages' Content-Security-Policy: nothing but our stylesheet loads, and forms may post to
 * us and, on the consent page, lead to the client's redirect URI, and nowhere else. helmet's
 * default `form-action 'self'` makes Chromium block the consent form's redirect to the client.
 */
export function pageCsp(redirectUri?: string): string {
  const formTargets = ["'self'", ...(redirectUri ? [cspSourceOf(redirectUri)] : [])].join(' ');
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action ${formTargets}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * The redirect URI as a CSP source: scheme, host, port and exact path (CSP ignores the query).
 * A path with characters a CSP source cannot hold narrows to the origin.
 */
function cspSourceOf(redirectUri: string): string {
  const url = new URL(redirectUri);
  return /^[A-Za-z0-9\-._~/%!$&'()*+=:@]*$/.test(url.pathname) && !url.pathname.includes("'")
    ? `${url.origin}${url.pathname}`
    : url.origin;
}
