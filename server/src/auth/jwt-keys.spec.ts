import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { AccessTokenIssuer } from './access-token.issuer.js';
import { loadJwtKeys } from './jwt-keys.js';

afterEach(() => jest.restoreAllMocks());

test('without JWT_SECRET and with nowhere to share it (tests), each process generates a random secret and warns without revealing it', async () => {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const first = await loadJwtKeys(loadConfig({ NODE_ENV: 'test' }));
  const second = await loadJwtKeys(loadConfig({ NODE_ENV: 'test' }));
  const secret = Buffer.from(first.signingKey as Uint8Array).toString();
  expect(secret.length).toBeGreaterThanOrEqual(32);
  expect(Buffer.from(second.signingKey as Uint8Array).toString()).not.toBe(secret);
  expect(warn).toHaveBeenCalledTimes(2);
  const logged = warn.mock.calls.flat().map(String).join(' ');
  expect(logged).toContain('JWT_SECRET');
  expect(logged).not.toContain(secret);
});

test('without JWT_SECRET, development shares one generated secret through a file beside the data, never logging it', async () => {
  const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  const dataDir = join(mkdtempSync(join(tmpdir(), 'synapse-jwt-')), 'pglite');
  const first = await loadJwtKeys(loadConfig({ PGLITE_DATA_DIR: dataDir }));
  const second = await loadJwtKeys(loadConfig({ PGLITE_DATA_DIR: dataDir }));
  const secret = Buffer.from(first.signingKey as Uint8Array).toString();
  expect(secret.length).toBeGreaterThanOrEqual(32);
  expect(Buffer.from(second.signingKey as Uint8Array).toString()).toBe(secret);
  expect(statSync(join(dataDir, '..', 'jwt-secret')).mode & 0o777).toBe(0o600);
  expect(log.mock.calls.flat().map(String).join(' ')).not.toContain(secret);
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
