import { API_KEY_PREFIX, apiKeyHash, generateApiKey, isWellFormedApiKey, looksLikeApiKey } from './api-key-format.js';

test('a new key has the scannable prefix, 46 base62 characters, and a valid checksum', () => {
  const { key, secretHash, prefix } = generateApiKey();
  expect(key).toMatch(/^synapse_sk_[0-9A-Za-z]{46}$/);
  expect(isWellFormedApiKey(key)).toBe(true);
  expect(looksLikeApiKey(key)).toBe(true);
  expect(secretHash).toBe(apiKeyHash(key));
  expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
  expect(key.startsWith(prefix)).toBe(true);
  expect(prefix.length).toBe(API_KEY_PREFIX.length + 4);
});

test('keys differ from each other', () => {
  const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().key));
  expect(keys.size).toBe(200);
});

test('one changed character breaks the checksum', () => {
  const { key } = generateApiKey();
  const position = API_KEY_PREFIX.length + 7;
  const swapped = key[position] === 'a' ? 'b' : 'a';
  expect(isWellFormedApiKey(key.slice(0, position) + swapped + key.slice(position + 1))).toBe(false);
});

test('look-alikes are not well formed: wrong prefix, length or alphabet', () => {
  const { key } = generateApiKey();
  expect(isWellFormedApiKey(key.replace('synapse_sk_', 'synapse_pk_'))).toBe(false);
  expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
  expect(isWellFormedApiKey(`${key}0`)).toBe(false);
  expect(isWellFormedApiKey(`${key.slice(0, -8)}-_${key.slice(-6)}`)).toBe(false);
  expect(looksLikeApiKey('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(false);
});
