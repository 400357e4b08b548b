import { Inject, Injectable } from '@nestjs/common';
import { authorize } from '../common/auth/policy.js';
import { NEXT_VERSION } from '../common/concurrency/row-version.js';
import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { normalizeEmail } from '../accounts/create-account.js';
import type { TenantTx } from '../database/tenant-tx.js';
import { TenantDb } from '../database/tenant-db.js';
import type { Role } from '../generated/prisma/client.js';
import { Invitations } from './invitations.js';
import type {
  ChangeRoleInput, CreateInvitationInput, CreatedInvitationOutput, InvitationListOutput, InvitationOutput,
  MemberListOutput, MemberOutput,
} from './members.schemas.js';

const withUser = { user: { select: { email: true, name: true } } };

/**
 * Workspace members and invitations. Who may do what is the policy table's; the rules
 * about owners live here: only an owner makes or unmakes an owner, and the last owner
 * stays an owner.
 */
@Injectable()
export class MembersService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(Invitations) private readonly invitations: Invitations,
  ) {}

  async list(principal: Principal): Promise<MemberListOutput> {
    authorize(principal, 'crm:read');
    const rows = await this.db.for(principal).membership.findMany({ include: withUser, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return { items: rows.map(toMemberOutput) };
  }

  async changeRole(principal: Principal, userId: string, input: ChangeRoleInput): Promise<MemberOutput> {
    authorize(principal, 'members:manage');
    return this.db.for(principal).$transaction(async (tx) => {
      const target = await lockedMember(tx, principal, userId);
      assertMayTouchOwner(principal, target.role, input.role);
      if (target.role === 'OWNER' && input.role !== 'OWNER') await assertNotLastOwner(tx);
      const updated = await tx.membership.update({ where: { id: target.id }, data: { role: input.role }, include: withUser });
      return toMemberOutput(updated);
    });
  }

  /**
   * Removes a member at once: their refresh tokens here are deleted, and their API keys
   * and OAuth grants go with the membership (foreign keys cascade). Their records stay,
   * with the owner or assignee cleared.
   */
  async remove(principal: Principal, userId: string): Promise<void> {
    authorize(principal, 'members:manage');
    // One audited change, and trashed records too: their owner reference holds there as well.
    await this.db.write(principal, async (tx) => {
      const target = await lockedMember(tx, principal, userId);
      assertMayTouchOwner(principal, target.role);
      if (target.role === 'OWNER') await assertNotLastOwner(tx);
      // Owner and assignee references are Restrict (a composite SET NULL would null tenantId).
      await tx.contact.updateMany({ where: { ownerId: userId }, data: { ownerId: null, ...NEXT_VERSION } });
      await tx.company.updateMany({ where: { ownerId: userId }, data: { ownerId: null, ...NEXT_VERSION } });
      await tx.lead.updateMany({ where: { ownerId: userId }, data: { ownerId: null, ...NEXT_VERSION } });
      await tx.deal.updateMany({ where: { ownerId: userId }, data: { ownerId: null, ...NEXT_VERSION } });
      await tx.ticket.updateMany({ where: { assigneeId: userId }, data: { assigneeId: null, ...NEXT_VERSION } });
      await tx.task.updateMany({ where: { assigneeId: userId }, data: { assigneeId: null, ...NEXT_VERSION } });
      // RefreshToken is not a tenant model: name the tenant explicitly.
      await tx.refreshToken.deleteMany({ where: { tenantId: principal.tenantId, userId } });
      await tx.membership.delete({ where: { id: target.id } });
    }, { withTrash: true });
  }

  async invite(principal: Principal, input: CreateInvitationInput, baseUrl: string): Promise<CreatedInvitationOutput> {
    authorize(principal, 'members:manage');
    assertMayTouchOwner(principal, undefined, input.role);
    const email = normalizeEmail(input.email);
    const db = this.db.for(principal);
    const already = await db.membership.findFirst({ where: { user: { email } }, select: { id: true } });
    if (already) throw DomainError.conflict(`${email} is already a member of this workspace; change their role instead.`, 'email');
    const { row, token } = await this.invitations.create({
      tenantId: principal.tenantId, email, role: input.role, invitedById: principal.userId,
    });
    return {
      ...toInvitationOutput(row),
      token,
      link: `${baseUrl}/api/invitations/preview?${new URLSearchParams({ token })}`,
      instructions:
        `Send the link to ${email}. They join by signing up (POST /api/auth/sign-up) or, if they already have ` +
        'an account, signing in (POST /api/auth/sign-in), with "invitation" set to the token. It works once, for 7 days.',
    };
  }

  async listInvitations(principal: Principal): Promise<InvitationListOutput> {
    authorize(principal, 'members:manage');
    const rows = await this.db.for(principal).invitation.findMany({
      where: { acceptedAt: null, expiresAt: { gt: new Date() } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    return { items: rows.map(toInvitationOutput) };
  }

  async revokeInvitation(principal: Principal, id: string): Promise<void> {
    authorize(principal, 'members:manage');
    const deleted = await this.db.for(principal).invitation.deleteMany({ where: { id, acceptedAt: null } });
    if (deleted.count === 0) throw DomainError.notFound('Invitation', id);
  }
}

/**
 * The target membership, after locking the tenant row: changes to owners are serialised
 * per workspace, so two owners demoting each other cannot leave it with none.
 */
async function lockedMember(tx: TenantTx, principal: Principal, userId: string) {
  await tx.$queryRaw`SELECT 1 FROM "Tenant" WHERE "id" = ${principal.tenantId}::uuid FOR UPDATE`;
  const target = await tx.membership.findFirst({ where: { userId }, select: { id: true, role: true } });
  if (!target) throw DomainError.notFound('Member', userId);
  return target;
}

/** Only an owner grants the owner role or changes or removes an owner. */
function assertMayTouchOwner(principal: Principal, currentRole?: Role, newRole?: Role): void {
  if (principal.role === 'OWNER') return;
  if (currentRole === 'OWNER' || newRole === 'OWNER') {
    throw DomainError.forbidden('Only an owner can make someone an owner, or change or remove an owner. Ask an owner of the workspace.');
  }
}

async function assertNotLastOwner(tx: TenantTx): Promise<void> {
  const owners = await tx.membership.count({ where: { role: 'OWNER' } });
  if (owners <= 1) {
    throw DomainError.conflict('This is the last owner of the workspace. Make another member an owner first.', 'role');
  }
}

function toMemberOutput(row: { userId: string; role: Role; createdAt: Date; user: { email: string; name: string } }): MemberOutput {
  return { userId: row.userId, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt.toISOString() };
}

function toInvitationOutput(row: { id: string; email: string; role: Role; expiresAt: Date; createdAt: Date }): InvitationOutput {
  return { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt.toISOString(), createdAt: row.createdAt.toISOString() };
}
