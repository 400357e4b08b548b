import { Logger } from '@nestjs/common';
import { importPKCS8, importSPKI, type CryptoKey } from 'jose';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config.schema.js';
import { developmentSecretFile, readOrCreateSecret } from './development-jwt-secret.js';

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
  const secret = config.JWT_SECRET ?? generatedSecret(config);
  const key = new TextEncoder().encode(secret);
  // jose would re-import raw bytes into a CryptoKey on every verification; import once.
  const verificationKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return { ...common, signingKey: key, verificationKey };
}

/**
 * Without JWT_SECRET (production refuses to boot so, see config.schema.ts): in development a
 * secret kept in a file beside the data, shared by every local process; in tests and on an
 * in-memory database, one per process. The secret itself is never logged.
 */
function generatedSecret(config: AppConfig): string {
  const logger = new Logger('Auth');
  const file = developmentSecretFile(config);
  if (file) {
    const { secret, created } = readOrCreateSecret(file);
    logger.log(
      `JWT_SECRET is not set: ${created ? 'created' : 'using'} the development signing secret in ${file}, ` +
        'shared by every local process. Set JWT_SECRET in production.',
    );
    return secret;
  }
  logger.warn(
    'JWT_SECRET is not set: generated a random secret for this process. Access tokens will not survive a restart. Set JWT_SECRET (32+ characters) to keep them.',
  );
  return randomBytes(48).toString('base64url');
}
