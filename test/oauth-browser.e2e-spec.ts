import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { signUp, type SignedUpAccount } from './support/accounts.js';
import { pkcePair } from './support/oauth-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Debian's chromium (.ci/run installs it); Playwright's own browser download cannot run here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const describeWithBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

let testApp: TestApp;
let account: SignedUpAccount;
let browser: Browser;
let callbackServer: Server;
let callbackUrl: string;
const received: string[] = [];
const screenshots = mkdtempSync(join(tmpdir(), 'synapse-oauth-screens-'));

describeWithBrowser('authorization pages in headless Chromium', () => {
  beforeAll(async () => {
    testApp = await startTestApp();
    account = await signUp(testApp.baseUrl);
    // The client's loopback callback, as Gemini CLI runs one: records what reaches it.
    callbackServer = createServer((request, response) => {
      received.push(request.url ?? '');
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><title>Done</title><p>Authorized</p>');
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://localhost:${(callbackServer.address() as AddressInfo).port}/oauth/callback`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    callbackServer?.closeAllConnections();
    await new Promise((resolve) => callbackServer?.close(resolve));
    await testApp?.close();
  });

  async function authorizationUrl(): Promise<string> {
    const response = await fetch(`${testApp.baseUrl}/api/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Gemini CLI MCP Client', redirect_uris: [callbackUrl] }),
    });
    const { client_id: clientId } = (await response.json()) as { client_id: string };
    const url = new URL(`${testApp.baseUrl}/api/oauth/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: callbackUrl,
      state: 'browser-state',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      resource: `${testApp.baseUrl}/api/mcp`,
    }).toString();
    return url.href;
  }

  test('keyboard only: sign in, allow, and the browser really lands on the client callback under our CSP', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(await authorizationUrl());
    // Labels exist and name the fields.
    await page.getByLabel('Email').focus();
    await page.keyboard.type(account.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(account.password);
    await page.screenshot({ path: join(screenshots, 'login-desktop.png'), fullPage: true });
    await Promise.all([page.waitForURL(/authorize\/login/), page.keyboard.press('Enter')]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Allow Gemini CLI MCP Client');
    await page.screenshot({ path: join(screenshots, 'consent-desktop.png'), fullPage: true });
    await page.getByRole('button', { name: 'Allow' }).focus();
    await Promise.all([page.waitForURL(/\/oauth\/callback/), page.keyboard.press('Enter')]);
    const landed = new URL(page.url());
    expect(landed.origin + landed.pathname).toBe(callbackUrl);
    expect(landed.searchParams.get('state')).toBe('browser-state');
    expect(landed.searchParams.get('iss')).toBe(testApp.baseUrl);
    expect(landed.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(received.some((url) => url.includes(`code=${landed.searchParams.get('code')}`))).toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  });

  test('readable on a phone: no horizontal scrolling, fields and buttons full width', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, deviceScaleFactor: 2 });
    await page.goto(await authorizationUrl());
    await page.screenshot({ path: join(screenshots, 'login-phone.png'), fullPage: true });
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await Promise.all([page.waitForURL(/authorize\/login/), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.screenshot({ path: join(screenshots, 'consent-phone.png'), fullPage: true });
    // Expressions run in the page (the test's own type library has no DOM).
    const widths = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    const stylesheetApplied = await page.evaluate<string>("getComputedStyle(document.querySelector('main')).maxWidth");
    expect(stylesheetApplied).toBe('448px');
    await page.close();
    process.stdout.write(`screenshots in ${screenshots}\n`);
  });
});
