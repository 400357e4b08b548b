import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { Invitations } from './invitations.js';
import type { InvitationPreviewOutput } from './members.schemas.js';

/** Answers the invitation link: anyone holding the token may see what it is for. */
@Injectable()
export class InvitationPreview {
  constructor(
    @Inject(Invitations) private readonly invitations: Invitations,
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
  ) {}

  async describe(token: string): Promise<InvitationPreviewOutput> {
    const invitation = await this.invitations.find(token);
    const tenant = invitation && (await this.prisma.tenant.findUnique({ where: { id: invitation.tenantId }, select: { name: true } }));
    if (!invitation || !tenant) {
      throw new DomainError('not_found', 'This invitation is invalid, expired or already used. Ask an admin of the workspace for a new one.');
    }
    return {
      workspace: { name: tenant.name },
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      instructions:
        `To join, sign up (POST /api/auth/sign-up with email ${invitation.email}, a password, your name and "invitation") ` +
        'or, if you already have an account, sign in (POST /api/auth/sign-in) with "invitation" set to this token.',
    };
  }
}
