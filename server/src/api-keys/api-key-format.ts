import { createHash, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * API key format (ADR 0035): `synapse_sk_` + 40 random base62 characters (238 bits) +
 * 6 base62 characters of the random part's CRC32. The fixed prefix lets secret scanners
 * find leaked keys; the checksum lets them (and us, before any database work) tell a real
 * key from a look-alike.
 */
export const API_KEY_PREFIX = 'synapse_sk_';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 40;
const CHECKSUM_LENGTH = 6;
const SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
// Characters of the key kept in clear for lists: the prefix and four random characters.
const DISPLAY_LENGTH = API_KEY_PREFIX.length + 4;

export interface NewApiKey {
  key: string;
  /** What is stored and looked up: the SHA-256 of the whole key. */
  secretHash: string;
  /** Shown in lists, e.g. `synapse_sk_4fQa`. */
  prefix: string;
}

export function generateApiKey(): NewApiKey {
  // randomInt draws uniformly, so no character is likelier than another.
  const random = Array.from({ length: RANDOM_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const key = `${API_KEY_PREFIX}${random}${checksumOf(random)}`;
  return { key, secretHash: apiKeyHash(key), prefix: key.slice(0, DISPLAY_LENGTH) };
}

/** Whether a bearer token is meant as an API key: dispatch on shape, before any checks. */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/** The prefix, the length, the alphabet and the checksum are right: worth a database lookup. */
export function isWellFormedApiKey(token: string): boolean {
  if (!SHAPE.test(token)) return false;
  const body = token.slice(API_KEY_PREFIX.length);
  return checksumOf(body.slice(0, RANDOM_LENGTH)) === body.slice(RANDOM_LENGTH);
}

/**
 * SHA-256, not a password hash: the key is 238 random bits, so no dictionary or brute
 * force applies, and a fast hash keeps the per-request lookup cheap (ADR 0035).
 */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function checksumOf(random: string): string {
  let value = crc32(random);
  let text = '';
  for (let index = 0; index < CHECKSUM_LENGTH; index += 1) {
    text = ALPHABET[value % ALPHABET.length] + text;
    value = Math.floor(value / ALPHABET.length);
  }
  return text;
}
