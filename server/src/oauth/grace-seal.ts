import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// The pair a refresh token was exchanged for is kept, for the grace window, encrypted with a
// key derived from that refresh token itself. The database holds only the token's SHA-256
// under another label, so nothing at rest opens the pair; only a client presenting the old
// token again can, and it gets exactly what the first exchange returned.

const KEY_LABEL = 'synapse-oauth-grace-key\0';

function keyOf(token: string): Buffer {
  return createHash('sha256').update(KEY_LABEL).update(token).digest();
}

export function seal(token: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(token), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sealed value, or undefined when the token is not the one it was sealed with. */
export function open<T>(token: string, sealed: string): T | undefined {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(token), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
