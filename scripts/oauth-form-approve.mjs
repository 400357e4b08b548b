// Plays the user's browser on Synapse's OAuth pages, for checks with a real MCP client that prints
// its authorization URL (Gemini CLI's `/mcp auth`): opens the URL, signs in, keeps the first
// workspace, presses Allow and follows the redirect to the client's loopback callback.
// Test tooling only (plain HTTP and forms, no browser); scripts/gemini-cli-check.sh uses it.
//
//   node scripts/oauth-form-approve.mjs <authorization URL> <email> <password>
const [authorizeUrl, email, password] = process.argv.slice(2);
if (!authorizeUrl || !email || !password) {
  console.error('usage: oauth-form-approve.mjs <authorization URL> <email> <password>');
  process.exit(2);
}
const origin = new URL(authorizeUrl).origin;
const cookies = new Map();

async function request(url, init = {}) {
  const headers = { ...init.headers, cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  return response;
}

const unescape = (text) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const titleOf = (html) => /<title>([^<]*)/.exec(html)?.[1] ?? '(no title)';

/** The page's form: its action, its hidden fields, and the first workspace when it offers a choice. */
function formOf(html) {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the page "${titleOf(html)}"`);
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(name, unescape(value));
  const workspace = /name="tenantId" value="([^"]+)"/.exec(html)?.[1];
  if (workspace) fields.set('tenantId', unescape(workspace));
  return { action, fields };
}

const submit = (form) => request(new URL(form.action, origin), {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  body: form.fields.toString(),
});

let page = await request(authorizeUrl);
let html = await page.text();
console.log(`authorize: ${page.status} ${titleOf(html)}`);
const login = formOf(html);
login.fields.set('email', email);
login.fields.set('password', password);
page = await submit(login);
html = await page.text();
console.log(`sign-in: ${page.status} ${titleOf(html)}`);
const consent = formOf(html);
consent.fields.set('decision', 'approve');
page = await submit(consent);
const callback = page.headers.get('location');
if (page.status !== 303 || !callback) throw new Error(`Allow answered ${page.status} without a redirect`);
console.log(`allow: ${page.status} to ${callback.replace(/code=[^&]+/, 'code=…')}`);
const done = await fetch(callback);
console.log(`callback: ${done.status} ${(await done.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120)}`);
if (!done.ok) process.exit(1);
