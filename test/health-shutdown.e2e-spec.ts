import { startTestApp } from './support/test-app.js';

test('closing the app (what SIGTERM does) lets an in-flight request finish before the database closes', async () => {
  // Sign-up answers no sooner than SIGN_UP_MIN_DURATION_MS: a request that is surely in flight
  // when the close starts, however slowly a loaded machine delivers it to the server.
  const testApp = await startTestApp({ SIGN_UP_MIN_DURATION_MS: '2000' });
  let closed = false;
  try {
    const inFlight = fetch(`${testApp.baseUrl}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'drain@example.test', password: 'long enough password', name: 'D', company: 'Drain Co' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const closing = testApp.close().then(() => { closed = true; });
    const response = await inFlight;
    expect(response.status).toBe(202);
    await closing;
    // New connections are refused once the server is down.
    await expect(fetch(`${testApp.baseUrl}/api/health`)).rejects.toThrow();
  } finally {
    if (!closed) await testApp.close().catch(() => undefined);
  }
}, 60_000);
