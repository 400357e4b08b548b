import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstPartyPrincipal, type Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { createAccount, normalizeEmail } from '../accounts/create-account.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { invalidInvitation, Invitations, type PendingInvitation } from '../members/invitations.js';
import { AccessTokenIssuer } from './access-token.issuer.js';
import {
  SIGN_UP_MESSAGE,
  type MeOutput, type RefreshInput, type SessionOutput, type SignInInput, type SignOutInput, type SignUpInput, type SignUpOutput,
} from './auth.schemas.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokens } from './refresh-tokens.js';
import { SignInThrottle } from './sign-in-throttle.js';

const BAD_CREDENTIALS = 'The email or password is incorrect.';

/**
 * Account operations, free of any transport: the REST controller and the MCP tools
 * (auth_sign_up, auth_sign_in) call these in-process.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(PasswordHasher) private readonly passwords: PasswordHasher,
    @Inject(AccessTokenIssuer) private readonly accessTokens: AccessTokenIssuer,
    @Inject(RefreshTokens) private readonly refreshTokens: RefreshTokens,
    @Inject(SignInThrottle) private readonly throttle: SignInThrottle,
    @Inject(Invitations) private readonly invitations: Invitations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Creates the account when the email is new: a user with their company workspace, or,
   * with an invitation, a user in the inviting workspace. Answers the same either way, and
   * no sooner than SIGN_UP_MIN_DURATION_MS after the request, so that timing does not tell
   * a new email from a taken one either (ADR 0036); the one follow-up is sign-in.
   */
  async signUp(input: SignUpInput): Promise<SignUpOutput> {
    const started = Date.now();
    const email = normalizeEmail(input.email);
    // Checked before anything that depends on the email being taken or not.
    const invitation = input.invitation ? await this.invitationFor(input.invitation, email) : undefined;
    if (!invitation && !input.company) {
      throw DomainError.validation([{ path: 'company', message: 'is required to create a new workspace (or pass an invitation)' }]);
    }
    const passwordHash = await this.passwords.hash(input.password);
    await this.prisma
      .$transaction(async (tx) => {
        if (!invitation) return createAccount(tx, { email, passwordHash, name: input.name, company: input.company! });
        const user = await tx.user.create({ data: { email, passwordHash, name: input.name }, select: { id: true } });
        return this.invitations.accept(tx, invitation, user.id);
      })
      .catch((error: unknown) => {
        // The email is taken (User.email is the only unique value here): same answer as success.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return;
        throw error;
      });
    await sleep(Math.max(0, started + this.config.SIGN_UP_MIN_DURATION_MS - Date.now()));
    return { status: 'accepted', message: SIGN_UP_MESSAGE };
  }

  /**
   * `clientKey` identifies the caller for throttling: the client IP on REST and MCP over
   * HTTP (the real one behind a trusted proxy, see TRUST_PROXY), `stdio` on stdio.
   * With an invitation, joins its workspace (once) and signs in to it.
   */
  async signIn(input: SignInInput, clientKey: string): Promise<SessionOutput> {
    const email = normalizeEmail(input.email);
    // Counted before the password is checked, so concurrent guesses cannot outrun the limit.
    const attempt = await this.throttle.begin(email, clientKey);
    const user = await this.userWithPassword(email, input.password);
    if (!user) throw DomainError.unauthenticated(BAD_CREDENTIALS);
    let tenantId = input.tenantId;
    if (input.invitation) {
      const invitation = await this.invitationFor(input.invitation, email, user.id);
      await this.prisma.$transaction((tx) => this.invitations.accept(tx, invitation, user.id));
      tenantId = invitation.tenantId;
    }
    const membership = await this.prisma.membership.findFirst({
      where: { userId: user.id, ...(tenantId ? { tenantId } : {}) },
      orderBy: { createdAt: 'asc' },
      select: { tenantId: true, role: true },
    });
    if (!membership) throw DomainError.unauthenticated(BAD_CREDENTIALS);
    await this.throttle.succeeded(attempt);
    return this.startSession(firstPartyPrincipal(user.id, membership.tenantId, membership.role));
  }

  /**
   * The user id for a correct email and password, under the same throttle as sign-in; the
   * OAuth sign-in page uses it, then asks which workspace to grant.
   */
  async verifyPassword(input: Pick<SignInInput, 'email' | 'password'>, clientKey: string): Promise<string> {
    const email = normalizeEmail(input.email);
    const attempt = await this.throttle.begin(email, clientKey);
    const user = await this.userWithPassword(email, input.password);
    if (!user) throw DomainError.unauthenticated(BAD_CREDENTIALS);
    await this.throttle.succeeded(attempt);
    return user.id;
  }

  private async userWithPassword(email: string, password: string): Promise<{ id: string } | undefined> {
    const user = await this.prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
    // Unknown emails are hashed too, so timing and answer match a wrong password.
    const passwordOk = await this.passwords.verify(user?.passwordHash, password);
    return user && passwordOk ? { id: user.id } : undefined;
  }

  /** Rotates a refresh token; a reused one revokes its whole family. */
  async refresh(input: RefreshInput): Promise<SessionOutput> {
    const rotated = await this.refreshTokens.rotate(input.refreshToken);
    const membership = await this.prisma.membership.findUnique({
      where: { tenantId_userId: { tenantId: rotated.tenantId, userId: rotated.userId } },
      select: { role: true },
    });
    if (!membership) {
      await this.refreshTokens.revoke(rotated.refreshToken);
      throw DomainError.unauthenticated('The refresh token is invalid, expired or revoked. Sign in again.');
    }
    const principal = firstPartyPrincipal(rotated.userId, rotated.tenantId, membership.role);
    return this.sessionOf(principal, rotated.refreshToken);
  }

  /** Ends the session the refresh token belongs to. */
  async signOut(input: SignOutInput): Promise<void> {
    await this.refreshTokens.revoke(input.refreshToken);
  }

  async me(principal: Principal): Promise<MeOutput> {
    const { user, tenant } = await this.profileOf(principal);
    return { user, tenant, role: principal.role };
  }

  /** A new access and refresh token pair for `principal` (sign-in, workspace switch, password change). */
  async startSession(principal: Principal): Promise<SessionOutput> {
    const refreshToken = await this.refreshTokens.issue({ userId: principal.userId, tenantId: principal.tenantId });
    return this.sessionOf(principal, refreshToken);
  }

  /** An open invitation for this email (or one this user already accepted), else a 400 on `invitation`. */
  private async invitationFor(token: string, email: string, userId?: string): Promise<PendingInvitation> {
    const invitation = await this.invitations.find(token, userId);
    if (!invitation || invitation.email !== email) throw invalidInvitation();
    return invitation;
  }

  private async sessionOf(principal: Principal, refreshToken: string): Promise<SessionOutput> {
    const [{ accessToken, expiresIn }, { user, tenant }] = await Promise.all([
      this.accessTokens.issue(principal),
      this.profileOf(principal),
    ]);
    return { accessToken, tokenType: 'Bearer', expiresIn, refreshToken, user, tenant, role: principal.role };
  }

  private async profileOf(principal: Principal): Promise<Pick<MeOutput, 'user' | 'tenant'>> {
    const [user, tenant] = await Promise.all([
      this.prisma.user.findUnique({ where: { id: principal.userId }, select: { id: true, email: true, name: true } }),
      this.prisma.tenant.findUnique({ where: { id: principal.tenantId }, select: { id: true, name: true } }),
    ]);
    if (!user || !tenant) throw DomainError.unauthenticated();
    return { user, tenant };
  }
}
