import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedFetchJson } from './guarded-fetch.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/doc') return void response.end(JSON.stringify({ client_id: 'x' }));
    if (request.url === '/big') return void response.end(JSON.stringify({ pad: 'x'.repeat(10_000) }));
    if (request.url === '/redirect') {
      response.writeHead(302, { location: '/doc' });
      return void response.end();
    }
    if (request.url === '/slow') return void setTimeout(() => response.end('{}'), 2_000).unref();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

const open = { allowPrivateAddresses: true, timeoutMs: 1_000, maxBytes: 5 * 1024 };
const strict = { ...open, allowPrivateAddresses: false };

describe('SSRF-guarded fetch', () => {
  test('fetches a small document when private addresses are allowed (development)', async () => {
    await expect(guardedFetchJson(new URL(`${base}/doc`), open)).resolves.toEqual({ client_id: 'x' });
  });

  test('refuses a name that resolves to a loopback address, checked on the resolved IP at connect time', async () => {
    // "localhost" is a name: only the resolved 127.0.0.1 / ::1 gives it away.
    await expect(guardedFetchJson(new URL(`${base}/doc`), strict)).rejects.toThrow(/not allowed/i);
  });

  test.each([
    ['http://127.0.0.1:9/x'],
    ['http://10.0.0.1:9/x'],
    ['http://169.254.169.254/latest/meta-data'],
    ['http://[::1]:9/x'],
    ['http://192.168.1.1/x'],
  ])('refuses the private, loopback or link-local address %s before sending anything', async (url) => {
    await expect(guardedFetchJson(new URL(url), strict)).rejects.toThrow(/not allowed/i);
  });

  test('refuses documents over the size limit', async () => {
    await expect(guardedFetchJson(new URL(`${base}/big`), open)).rejects.toThrow(/larger than 5120 bytes/);
  });

  test('does not follow redirects', async () => {
    await expect(guardedFetchJson(new URL(`${base}/redirect`), open)).rejects.toThrow(/HTTP 302/);
  });

  test('gives up after the timeout', async () => {
    await expect(guardedFetchJson(new URL(`${base}/slow`), { ...open, timeoutMs: 200 })).rejects.toThrow(/within 200 ms/);
  });
});
