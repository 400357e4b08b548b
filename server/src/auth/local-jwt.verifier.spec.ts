import { jest } from '@jest/globals';
import { loadConfig } from '../config/load-config.js';
import type { DatabaseConnection } from '../database/sql-session.js';
import { AccessTokenIssuer } from './access-token.issuer.js';
import { loadJwtKeys } from './jwt-keys.js';
import { LocalJwtVerifier } from './local-jwt.verifier.js';

const principal = {
  userId: '01900000-0000-7000-8000-000000000001',
  tenantId: '01900000-0000-7000-8000-000000000002',
  role: 'OWNER' as const,
};

// Only the membership lookup is stubbed: the signature checks run for real.
async function setUp(ttlSeconds: number) {
  const keys = await loadJwtKeys(loadConfig({ JWT_SECRET: 's'.repeat(40), ACCESS_TOKEN_TTL_SECONDS: String(ttlSeconds) }));
  let member = true;
  const database = { query: async () => (member ? [{ role: 'MEMBER' }] : []) } as unknown as DatabaseConnection;
  const { accessToken } = await new AccessTokenIssuer(keys).issue(principal);
  return { verifier: new LocalJwtVerifier(keys, database), accessToken, revoke: () => (member = false) };
}

afterEach(() => jest.restoreAllMocks());

test('a token accepted before is rejected once it expires', async () => {
  const { verifier, accessToken } = await setUp(60);
  await expect(verifier.verify(accessToken)).resolves.toMatchObject({ ...principal, role: 'MEMBER', scopes: ['crm:read', 'crm:write'] });
  const now = Date.now();
  jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
  await expect(verifier.verify(accessToken)).rejects.toMatchObject({ code: 'unauthenticated' });
});

test('a token accepted before is rejected on the next request once its membership is gone', async () => {
  const { verifier, accessToken, revoke } = await setUp(60);
  await verifier.verify(accessToken);
  revoke();
  await expect(verifier.verify(accessToken)).rejects.toMatchObject({ code: 'unauthenticated' });
});

test('a tampered copy of an accepted token is still rejected', async () => {
  const { verifier, accessToken } = await setUp(60);
  await verifier.verify(accessToken);
  const [header, payload, signature] = accessToken.split('.');
  const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
  await expect(verifier.verify(`${header}.${payload}.${flipped}`)).rejects.toMatchObject({ code: 'unauthenticated' });
});
