import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppConfig } from '../config/config.schema.js';

const DEFAULT_DATA_DIR = './data/pglite';

/**
 * Where development keeps its generated signing secret, so that every local process (the
 * HTTP server, the stdio MCP server, a second instance) signs and accepts the same tokens:
 * beside the embedded data folder, `<PGLITE_DATA_DIR>/../jwt-secret` (`./data/jwt-secret` by
 * default, also when DATABASE_URL is set). Undefined outside development, and for an
 * in-memory database, whose tokens could outlive nothing anyway.
 */
export function developmentSecretFile(config: Pick<AppConfig, 'NODE_ENV' | 'DATABASE_URL' | 'PGLITE_DATA_DIR'>): string | undefined {
  if (config.NODE_ENV !== 'development') return undefined;
  const inMemory = config.PGLITE_DATA_DIR.startsWith('memory://');
  if (inMemory && !config.DATABASE_URL) return undefined;
  return join(dirname(resolve(inMemory ? DEFAULT_DATA_DIR : config.PGLITE_DATA_DIR)), 'jwt-secret');
}

/**
 * Reads the secret from `file`, creating it first (owner-only, 0600) when missing. Creation
 * is a hard link of a finished temp file, so processes starting together never read a
 * half-written secret: exactly one link wins and the others read the winner's.
 */
export function readOrCreateSecret(file: string): { secret: string; created: boolean } {
  let created = false;
  try {
    statSync(file);
  } catch {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
    try {
      linkSync(temp, file);
      created = true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
  }
  // Tighten a copy that lost its mode (restored from a backup, say); the secret is a password.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) {
    throw new Error(`${file} does not hold a usable secret (at least 32 characters): delete it to have a new one made, or set JWT_SECRET.`);
  }
  return { secret, created };
}
