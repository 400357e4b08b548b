import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../config/load-config.js';
import { AccessTokenIssuer } from './access-token.issuer.js';
import { loadJwtKeys } from './jwt-keys.js';

afterEach(() => jest.restoreAllMocks());

test('without JWT_SECRET, development generates a random secret and warns without revealing it', async () => {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const first = await loadJwtKeys(loadConfig({}));
  const second = await loadJwtKeys(loadConfig({}));
  const secret = Buffer.from(first.signingKey as Uint8Array).toString();
  expect(secret.length).toBeGreaterThanOrEqual(32);
  expect(Buffer.from(second.signingKey as Uint8Array).toString()).not.toBe(secret);
  expect(warn).toHaveBeenCalledTimes(2);
  const logged = warn.mock.calls.flat().map(String).join(' ');
  expect(logged).toContain('JWT_SECRET');
  expect(logged).not.toContain(secret);
});

test('a configured secret is used as is, silently', async () => {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const keys = await loadJwtKeys(loadConfig({ JWT_SECRET: 's'.repeat(40) }));
  expect(Buffer.from(keys.signingKey as Uint8Array).toString()).toBe('s'.repeat(40));
  expect(warn).not.toHaveBeenCalled();
});

test('an asymmetric key pair signs tokens with the configured algorithm', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys = await loadJwtKeys(
    loadConfig({
      JWT_ALGORITHM: 'ES256',
      JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    }),
  );
  const { accessToken } = await new AccessTokenIssuer(keys).issue({
    userId: '01900000-0000-7000-8000-000000000001',
    tenantId: '01900000-0000-7000-8000-000000000002',
    role: 'MEMBER',
  });
  const header = JSON.parse(Buffer.from(accessToken.split('.')[0]!, 'base64url').toString());
  expect(header.alg).toBe('ES256');
});
