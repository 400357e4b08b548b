import { uniqueEmail } from './accounts.js';

/** POST /api/auth/sign-in, optionally as a client behind a proxy (X-Forwarded-For). */
export async function signInAs(baseUrl: string, email: string, password: string, clientIp?: string): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(clientIp ? { 'x-forwarded-for': clientIp } : {}) },
    body: JSON.stringify({ email, password }),
  });
}

/** `count` wrong passwords for one account, all in flight at once; the statuses, sorted. */
export async function burst(baseUrl: string, email: string, count: number, clientIp?: string): Promise<number[]> {
  const responses = await Promise.all(
    Array.from({ length: count }, () => signInAs(baseUrl, email, 'wrong password', clientIp)),
  );
  return responses.map((response) => response.status).sort();
}

export { uniqueEmail };
