import { parse, type HTMLElement } from 'node-html-parser';

/**
 * A minimal browser for the authorization pages over real HTTP: keeps cookies, reads the
 * HTML, fills and posts the forms (hidden fields, CSRF token included) exactly as a person's
 * browser would, and stops at the redirect back to the client.
 */
export class FormBrowser {
  private readonly cookies = new Map<string, string>();
  lastStatus = 0;
  lastHtml = '';
  lastHeaders = new Headers();

  async open(url: string | URL): Promise<Response> {
    return this.request(String(url), { method: 'GET' });
  }

  /** Posts the page's first form matching `selector`, with `values` over its own fields. */
  async submit(selector: string, values: Record<string, string> = {}, submitter?: { name: string; value: string }): Promise<Response> {
    const root = parse(this.lastHtml);
    const form = root.querySelector(selector);
    if (!form) throw new Error(`no ${selector} on the page (status ${this.lastStatus}):\n${this.lastHtml}`);
    const fields = new URLSearchParams();
    for (const input of form.querySelectorAll('input')) {
      const name = input.getAttribute('name');
      const type = input.getAttribute('type') ?? 'text';
      if (!name || ((type === 'radio' || type === 'checkbox') && !input.hasAttribute('checked'))) continue;
      if (!(name in values)) fields.set(name, input.getAttribute('value') ?? '');
    }
    for (const [name, value] of Object.entries(values)) fields.set(name, value);
    if (submitter) fields.set(submitter.name, submitter.value);
    const action = new URL(form.getAttribute('action') ?? '', this.baseOf());
    return this.request(action.href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
  }

  page(): HTMLElement {
    return parse(this.lastHtml);
  }

  private base = '';
  private baseOf(): string {
    return this.base;
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    this.base = url;
    const cookie = [...this.cookies].map(([key, value]) => `${key}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [key, ...rest] = pair!.split('=');
      this.cookies.set(key!.trim(), rest.join('='));
    }
    this.lastStatus = response.status;
    this.lastHeaders = response.headers;
    this.lastHtml = await response.clone().text();
    return response;
  }
}

export interface Callback {
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  url: URL;
}

/** Signs in on the login page, approves on the consent page, and returns the redirect back. */
export async function signInAndApprove(
  authorizationUrl: string | URL,
  account: { email: string; password: string },
  options: { tenantId?: string; decision?: 'approve' | 'deny' } = {},
): Promise<Callback> {
  const browser = new FormBrowser();
  const start = await browser.open(authorizationUrl);
  if (start.status !== 200) throw new Error(`authorize answered ${start.status}: ${browser.lastHtml || start.headers.get('location')}`);
  await browser.submit('form[action="/api/oauth/authorize/login"]', { email: account.email, password: account.password });
  if (browser.lastStatus !== 200) throw new Error(`login answered ${browser.lastStatus}: ${browser.lastHtml}`);
  const answer = await browser.submit(
    'form[action="/api/oauth/authorize/consent"]',
    options.tenantId ? { tenantId: options.tenantId } : {},
    { name: 'decision', value: options.decision ?? 'approve' },
  );
  const location = answer.headers.get('location');
  if (answer.status !== 303 || !location) throw new Error(`consent answered ${answer.status}: ${browser.lastHtml}`);
  return callbackOf(location);
}

export function callbackOf(location: string): Callback {
  const url = new URL(location);
  const get = (key: string) => url.searchParams.get(key) ?? undefined;
  return {
    url,
    ...(get('code') ? { code: get('code') } : {}),
    ...(get('state') ? { state: get('state') } : {}),
    ...(get('iss') ? { iss: get('iss') } : {}),
    ...(get('error') ? { error: get('error') } : {}),
  };
}
