import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { developmentSecretFile, readOrCreateSecret } from './development-jwt-secret.js';

let folder: string;
beforeEach(() => { folder = mkdtempSync(join(tmpdir(), 'synapse-secret-')); });
afterEach(() => rmSync(folder, { recursive: true, force: true }));

test('development keeps the secret beside the embedded data; tests and in-memory databases keep none', () => {
  const dev = { NODE_ENV: 'development', DATABASE_URL: undefined, PGLITE_DATA_DIR: '/srv/crm/pglite' } as const;
  expect(developmentSecretFile(dev)).toBe('/srv/crm/jwt-secret');
  expect(developmentSecretFile({ ...dev, PGLITE_DATA_DIR: './data/pglite' })).toBe(resolve('data/jwt-secret'));
  expect(developmentSecretFile({ ...dev, DATABASE_URL: 'postgresql://x/y', PGLITE_DATA_DIR: 'memory://' })).toBe(resolve('data/jwt-secret'));
  expect(developmentSecretFile({ ...dev, PGLITE_DATA_DIR: 'memory://' })).toBeUndefined();
  expect(developmentSecretFile({ ...dev, NODE_ENV: 'test' })).toBeUndefined();
  expect(developmentSecretFile({ ...dev, NODE_ENV: 'production' })).toBeUndefined();
});

test('the first call creates an owner-only secret; later calls read the same one', () => {
  const file = join(folder, 'nested', 'jwt-secret');
  const first = readOrCreateSecret(file);
  expect(first.created).toBe(true);
  expect(first.secret.length).toBeGreaterThanOrEqual(32);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readOrCreateSecret(file)).toEqual({ secret: first.secret, created: false });
});

test('a file without a usable secret stops the boot and says what to do', () => {
  const file = join(folder, 'jwt-secret');
  writeFileSync(file, 'short\n', { mode: 0o644 });
  expect(() => readOrCreateSecret(file)).toThrow(/delete it .* or set JWT_SECRET/);
});
