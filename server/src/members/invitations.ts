import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../common/errors/domain-error.js';
import { PrismaClient, type Prisma, type Role } from '../generated/prisma/client.js';

const INVITATION_TTL_MS = 7 * 86_400_000;
const INVITATION_TOKEN_PREFIX = 'synapse_inv_';

export interface PendingInvitation {
  id: string;
  tenantId: string;
  email: string;
  role: Role;
  expiresAt: Date;
  /** Set when this invitation was already accepted (by acceptedById). */
  acceptedById: string | null;
}

/** The one refusal for a token that is unknown, expired, used, or meant for another email. */
export function invalidInvitation(): DomainError {
  return DomainError.validation([
    {
      path: 'invitation',
      message: 'is invalid, expired, already used or meant for another email address; ask an admin of the workspace for a new invitation',
    },
  ]);
}

/**
 * Invitation tokens: 256 random bits, shown once to the inviter, stored as SHA-256 (like
 * refresh tokens), valid for seven days and accepted once, by the invited email only.
 */
@Injectable()
export class Invitations {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async create(invitation: { tenantId: string; email: string; role: Role; invitedById: string }) {
    const token = `${INVITATION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = await this.prisma.invitation.create({
      data: { ...invitation, tokenHash: hashOf(token), expiresAt: new Date(Date.now() + INVITATION_TTL_MS) },
    });
    return { row, token };
  }

  /** The invitation behind `token` if it is still open, or was accepted by `userId`; else undefined. */
  async find(token: string, userId?: string): Promise<PendingInvitation | undefined> {
    const row = await this.prisma.invitation.findUnique({
      where: { tokenHash: hashOf(token) },
      select: { id: true, tenantId: true, email: true, role: true, expiresAt: true, acceptedById: true },
    });
    if (!row) return undefined;
    if (row.acceptedById) return userId !== undefined && row.acceptedById === userId ? row : undefined;
    return row.expiresAt.getTime() > Date.now() ? row : undefined;
  }

  /**
   * Joins `userId` to the invitation's workspace, once: of two concurrent acceptances one
   * wins. Keeps an existing membership (and its role) as it is.
   */
  async accept(tx: Prisma.TransactionClient, invitation: PendingInvitation, userId: string): Promise<void> {
    if (invitation.acceptedById === userId) return;
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date(), acceptedById: userId },
    });
    if (claimed.count === 0) throw invalidInvitation();
    const existing = await tx.membership.findUnique({
      where: { tenantId_userId: { tenantId: invitation.tenantId, userId } },
      select: { id: true },
    });
    if (!existing) await tx.membership.create({ data: { tenantId: invitation.tenantId, userId, role: invitation.role } });
  }
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
