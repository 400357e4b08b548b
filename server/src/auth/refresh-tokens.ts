import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';

export interface RefreshTokenOwner {
  userId: string;
  tenantId: string;
}

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Opaque, single-use refresh tokens; only their SHA-256 is stored. Each sign-in starts a
 * family; rotating marks the old token used and issues the next one in the same family.
 * Presenting a used or revoked token means it leaked: the whole family is revoked.
 */
@Injectable()
export class RefreshTokens {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(owner: RefreshTokenOwner, familyId: string = randomUUID(), db: Db = this.prisma): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await db.refreshToken.create({
      data: {
        ...owner,
        familyId,
        tokenHash: hashOf(token),
        expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
      },
    });
    return token;
  }

  /** Returns the owner and the replacement token, or throws unauthenticated. */
  async rotate(token: string): Promise<RefreshTokenOwner & { refreshToken: string }> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hashOf(token) } });
    if (!row) throw DomainError.unauthenticated(INVALID_REFRESH);
    if (row.rotatedAt || row.revokedAt) {
      await this.revokeFamily(row.familyId);
      throw DomainError.unauthenticated(INVALID_REFRESH);
    }
    if (row.expiresAt.getTime() <= Date.now()) throw DomainError.unauthenticated(INVALID_REFRESH);
    const owner = { userId: row.userId, tenantId: row.tenantId };
    const refreshToken = await this.prisma.$transaction(async (tx) => {
      // Conditional claim: of two concurrent rotations of one token, exactly one wins.
      const claimed = await tx.refreshToken.updateMany({
        where: { id: row.id, rotatedAt: null, revokedAt: null },
        data: { rotatedAt: new Date() },
      });
      if (claimed.count === 0) return undefined;
      return this.issue(owner, row.familyId, tx);
    });
    if (!refreshToken) {
      await this.revokeFamily(row.familyId);
      throw DomainError.unauthenticated(INVALID_REFRESH);
    }
    return { ...owner, refreshToken };
  }

  /** Revokes the token's family; unknown tokens are ignored so sign-out is idempotent. */
  async revoke(token: string): Promise<void> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: hashOf(token) },
      select: { familyId: true },
    });
    if (row) await this.revokeFamily(row.familyId);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
}

const INVALID_REFRESH = 'The refresh token is invalid, expired or revoked. Sign in again.';

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
