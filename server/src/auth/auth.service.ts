import { Inject, Injectable } from '@nestjs/common';
import { firstPartyPrincipal, type Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { createAccount, normalizeEmail } from '../accounts/create-account.js';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { AccessTokenIssuer } from './access-token.issuer.js';
import type { MeOutput, RefreshInput, SessionOutput, SignInInput, SignOutInput, SignUpInput } from './auth.schemas.js';
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
  ) {}

  /** Creates a user, their company tenant (with the default pipeline) and signs them in. */
  async signUp(input: SignUpInput): Promise<SessionOutput> {
    const email = normalizeEmail(input.email);
    const passwordHash = await this.passwords.hash(input.password);
    const account = await this.prisma
      .$transaction((tx) => createAccount(tx, { email, passwordHash, name: input.name, company: input.company }))
      .catch((error: unknown) => {
        // User.email is the only unique value a new account can collide on.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw DomainError.conflict('An account with this email already exists. Sign in instead.', 'email');
        }
        throw error;
      });
    return this.startSession(firstPartyPrincipal(account.userId, account.tenantId, 'OWNER'));
  }

  /** `clientKey` identifies the caller for throttling (the client IP on REST). */
  async signIn(input: SignInInput, clientKey: string): Promise<SessionOutput> {
    const email = normalizeEmail(input.email);
    const user = await this.checkPassword(input, clientKey);
    const membership = user
      ? await this.prisma.membership.findFirst({
          where: { userId: user.id, ...(input.tenantId ? { tenantId: input.tenantId } : {}) },
          orderBy: { createdAt: 'asc' },
          select: { tenantId: true, role: true },
        })
      : null;
    if (!user || !membership) {
      await this.throttle.recordFailure(email, clientKey);
      throw DomainError.unauthenticated(BAD_CREDENTIALS);
    }
    await this.throttle.recordSuccess(email);
    return this.startSession(firstPartyPrincipal(user.id, membership.tenantId, membership.role));
  }

  /**
   * The user id for a correct email and password, under the same throttle as sign-in; the
   * OAuth sign-in page uses it, then asks which workspace to grant.
   */
  async verifyPassword(input: Pick<SignInInput, 'email' | 'password'>, clientKey: string): Promise<string> {
    const email = normalizeEmail(input.email);
    const user = await this.checkPassword(input, clientKey);
    if (!user) {
      await this.throttle.recordFailure(email, clientKey);
      throw DomainError.unauthenticated(BAD_CREDENTIALS);
    }
    await this.throttle.recordSuccess(email);
    return user.id;
  }

  private async checkPassword(input: Pick<SignInInput, 'email' | 'password'>, clientKey: string): Promise<{ id: string } | undefined> {
    const email = normalizeEmail(input.email);
    await this.throttle.assertAllowed(email, clientKey);
    const user = await this.prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
    // Unknown emails are hashed too, so timing and answer match a wrong password.
    const passwordOk = await this.passwords.verify(user?.passwordHash, input.password);
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

  private async startSession(principal: Principal): Promise<SessionOutput> {
    const refreshToken = await this.refreshTokens.issue({ userId: principal.userId, tenantId: principal.tenantId });
    return this.sessionOf(principal, refreshToken);
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
