import { Inject, Injectable } from '@nestjs/common';
import { authorize } from '../common/auth/policy.js';
import { firstPartyPrincipal, type Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PrismaClient } from '../generated/prisma/client.js';
import type { ChangePasswordInput, SessionOutput, SwitchWorkspaceInput, WorkspaceListOutput } from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** What a signed-in person does to their own account: password, and which workspace to act in. */
@Injectable()
export class AccountService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(PasswordHasher) private readonly passwords: PasswordHasher,
    @Inject(SignInThrottle) private readonly throttle: SignInThrottle,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  /**
   * Needs the current password (throttled like sign-in, so a stolen access token cannot
   * guess it). Ends every other session of the user: all their refresh tokens, in every
   * workspace, are deleted, and a fresh pair for this workspace is returned.
   */
  async changePassword(principal: Principal, input: ChangePasswordInput, clientKey: string): Promise<SessionOutput> {
    authorize(principal, 'account:manage');
    const user = await this.prisma.user.findUnique({ where: { id: principal.userId }, select: { email: true, passwordHash: true } });
    if (!user) throw DomainError.unauthenticated();
    // Counted before the check, like sign-in, so concurrent guesses cannot outrun the limit.
    const attempt = await this.throttle.begin(user.email, clientKey);
    if (!(await this.passwords.verify(user.passwordHash, input.currentPassword))) {
      throw DomainError.validation([{ path: 'currentPassword', message: 'is not your current password' }]);
    }
    await this.throttle.succeeded(attempt);
    const passwordHash = await this.passwords.hash(input.newPassword);
    await this.prisma.$transaction([
      this.prisma.user.update({ where: { id: principal.userId }, data: { passwordHash } }),
      this.prisma.refreshToken.deleteMany({ where: { userId: principal.userId } }),
    ]);
    return this.auth.startSession(principal);
  }

  async workspaces(principal: Principal): Promise<WorkspaceListOutput> {
    authorize(principal, 'account:manage');
    const memberships = await this.prisma.membership.findMany({
      where: { userId: principal.userId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { role: true, tenant: { select: { id: true, name: true } } },
    });
    return {
      items: memberships.map(({ role, tenant }) => ({ tenant, role, current: tenant.id === principal.tenantId })),
    };
  }

  /** A new token pair for another workspace of the caller's; the old tokens stay valid. */
  async switchWorkspace(principal: Principal, input: SwitchWorkspaceInput): Promise<SessionOutput> {
    authorize(principal, 'account:manage');
    const membership = await this.prisma.membership.findUnique({
      where: { tenantId_userId: { tenantId: input.tenantId, userId: principal.userId } },
      select: { role: true },
    });
    if (!membership) throw DomainError.notFound('Workspace', input.tenantId);
    return this.auth.startSession(firstPartyPrincipal(principal.userId, input.tenantId, membership.role));
  }
}
