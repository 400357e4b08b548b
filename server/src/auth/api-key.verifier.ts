import { Inject, Injectable, Logger } from '@nestjs/common';
import { apiKeyHash, isWellFormedApiKey } from '../api-keys/api-key-format.js';
import { scopesFor, type Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { DATABASE_CONNECTION } from '../database/database.module.js';
import type { DatabaseConnection } from '../database/sql-session.js';
import type { Role } from '../generated/prisma/client.js';

interface KeyRow {
  id: string;
  tenantId: string;
  userId: string;
  /** Space-separated. */
  scopes: string;
  expiresAt: Date | string | null;
  role: Role;
}

// Last use is a hint for people ("is this key still used?"), not an audit log: writing it
// at most once a minute per key keeps a busy script from turning every read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_TRACKED_KEYS = 10_000;

/**
 * Verifies `synapse_sk_…` API keys: shape and checksum first (no database work for junk),
 * then one lookup by the key's SHA-256 joined to the membership, on every request, so a
 * revoked key, an expired key or a removed member is refused at once and the member's
 * current role is the one that counts.
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly logger = new Logger('ApiKeys');
  private readonly lastWritten = new Map<string, number>();

  constructor(@Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection) {}

  async verify(token: string): Promise<Principal> {
    if (!isWellFormedApiKey(token)) throw DomainError.unauthenticated();
    // Plain SQL for the same reason as the access-token membership lookup (ADR 0009).
    const [key] = await this.database.query<KeyRow>(
      'SELECT k."id", k."tenantId", k."userId", k."scopes", k."expiresAt", m."role" FROM "ApiKey" k ' +
        'JOIN "Membership" m ON m."tenantId" = k."tenantId" AND m."userId" = k."userId" WHERE k."secretHash" = $1',
      [apiKeyHash(token)],
    );
    if (!key || (key.expiresAt !== null && new Date(key.expiresAt).getTime() <= Date.now())) {
      throw DomainError.unauthenticated();
    }
    this.recordUse(key.id);
    return {
      userId: key.userId,
      tenantId: key.tenantId,
      role: key.role,
      scopes: scopesFor(key.role, key.scopes.split(' ')),
      credential: { kind: 'api_key', id: key.id },
    };
  }

  private recordUse(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastWritten.get(keyId) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    if (this.lastWritten.size >= MAX_TRACKED_KEYS) this.lastWritten.delete(this.lastWritten.keys().next().value!);
    this.lastWritten.set(keyId, now);
    // Not awaited: the request need not wait for a hint. The condition makes several
    // instances write at most about once a minute too.
    this.database
      .query(
        'UPDATE "ApiKey" SET "lastUsedAt" = CURRENT_TIMESTAMP WHERE "id" = $1 ' +
          `AND ("lastUsedAt" IS NULL OR "lastUsedAt" < CURRENT_TIMESTAMP - INTERVAL '1 minute')`,
        [keyId],
      )
      .catch((error: unknown) => this.logger.warn(`Could not record an API key's last use: ${(error as Error).message}`));
  }
}
