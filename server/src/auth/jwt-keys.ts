import { Logger } from '@nestjs/common';
import { importPKCS8, importSPKI, type CryptoKey } from 'jose';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config.schema.js';

/** Key material for signing and verifying our own access tokens. */
export interface JwtKeys {
  algorithm: AppConfig['JWT_ALGORITHM'];
  signingKey: CryptoKey | Uint8Array;
  verificationKey: CryptoKey | Uint8Array;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export const JWT_KEYS = Symbol('JWT_KEYS');

export async function loadJwtKeys(config: AppConfig): Promise<JwtKeys> {
  const common = {
    algorithm: config.JWT_ALGORITHM,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  };
  if (config.JWT_ALGORITHM !== 'HS256') {
    // Config validation guarantees both PEMs exist for asymmetric algorithms.
    return {
      ...common,
      signingKey: await importPKCS8(config.JWT_PRIVATE_KEY!, config.JWT_ALGORITHM),
      verificationKey: await importSPKI(config.JWT_PUBLIC_KEY!, config.JWT_ALGORITHM),
    };
  }
  let secret = config.JWT_SECRET;
  if (!secret) {
    // Production refuses to boot without one (config.schema.ts); elsewhere a per-process
    // secret keeps development friction-free, at the price of tokens dying with the process.
    secret = randomBytes(48).toString('base64url');
    new Logger('Auth').warn(
      'JWT_SECRET is not set: generated a random secret for this process. Access tokens will not survive a restart. Set JWT_SECRET (32+ characters) to keep them.',
    );
  }
  const key = new TextEncoder().encode(secret);
  // jose would re-import raw bytes into a CryptoKey on every verification; import once.
  const verificationKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return { ...common, signingKey: key, verificationKey };
}
