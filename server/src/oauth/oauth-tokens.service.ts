import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OAuthAccessTokens } from '../auth/oauth-access-tokens.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaClient } from '../generated/prisma/client.js';
import type { AuthorizationRequest } from './authorization-request.js';
import { open, seal } from './grace-seal.js';
import { isScope } from './oauth-scopes.js';
import { OAuthProtocolError } from './oauth-protocol-error.js';
import type { AuthorizationCodeGrant, RefreshTokenGrant, TokenResponse } from './token.schemas.js';

const CODE_TTL_MS = 5 * 60_000;
const BAD_CODE = 'The authorization code is invalid, expired or already used. Start the authorization again.';
const BAD_REFRESH = 'The refresh token is invalid, expired or revoked. Authorize the application again.';

interface SealedPair {
  response: TokenResponse;
  /** When the access token in it expires (seconds since the epoch). */
  expiresAt: number;
}

interface GrantOfToken {
  id: string;
  tenantId: string;
  userId: string;
  clientId: string;
  scopes: string[];
  resource: string;
}

/**
 * The token side of the authorization server (ADR 0030, 0031): single-use PKCE-bound codes,
 * grants, rotating refresh tokens with reuse detection and a grace window for parallel
 * refreshes, and revocation. Codes and refresh tokens are stored only as SHA-256 hashes.
 */
@Injectable()
export class OAuthTokensService {
  constructor(
    @Inject(PrismaClient) private readonly prisma: PrismaClient,
    @Inject(OAuthAccessTokens) private readonly accessTokens: OAuthAccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createCode(request: AuthorizationRequest, userId: string, tenantId: string): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    await this.prisma.oAuthAuthorizationCode.create({
      data: {
        codeHash: hashOf(code),
        tenantId,
        userId,
        clientId: request.clientId,
        clientName: request.clientName,
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge,
        scopes: request.scopes,
        resource: request.resource,
        expiresAt: new Date(Date.now() + CODE_TTL_MS),
      },
    });
    return code;
  }

  async exchangeCode(input: AuthorizationCodeGrant, issuer: string): Promise<TokenResponse> {
    const code = await this.prisma.oAuthAuthorizationCode.findUnique({ where: { codeHash: hashOf(input.code) } });
    if (!code) throw new OAuthProtocolError('invalid_grant', BAD_CODE);
    if (code.usedAt) {
      // A replayed code may be a stolen one: revoke what its first use issued (RFC 6749 §4.1.2).
      if (code.grantId) await this.deleteGrant(code.grantId);
      throw new OAuthProtocolError('invalid_grant', BAD_CODE);
    }
    if (code.expiresAt.getTime() <= Date.now()) throw new OAuthProtocolError('invalid_grant', BAD_CODE);
    if (code.clientId !== input.client_id) throw new OAuthProtocolError('invalid_grant', 'The code was issued to another client.');
    if (code.redirectUri !== input.redirect_uri) {
      throw new OAuthProtocolError('invalid_grant', 'redirect_uri must be exactly the one sent to the authorization endpoint.');
    }
    if (!sameText(s256(input.code_verifier), code.codeChallenge)) {
      throw new OAuthProtocolError('invalid_grant', 'code_verifier does not match the code_challenge (PKCE S256).');
    }
    if (input.resource !== undefined && input.resource !== code.resource) {
      throw new OAuthProtocolError('invalid_target', `resource must be ${code.resource}, as in the authorization request.`);
    }
    const issued = await this.prisma.$transaction(async (tx) => {
      // Conditional claim: of two concurrent exchanges of one code, exactly one wins.
      const claimed = await tx.oAuthAuthorizationCode.updateMany({ where: { id: code.id, usedAt: null }, data: { usedAt: new Date() } });
      if (claimed.count === 0) return undefined;
      const grant = await tx.oAuthGrant.create({
        data: {
          tenantId: code.tenantId,
          userId: code.userId,
          clientId: code.clientId,
          clientName: code.clientName,
          scopes: code.scopes,
          resource: code.resource,
        },
      });
      await tx.oAuthAuthorizationCode.update({ where: { id: code.id }, data: { grantId: grant.id } });
      const refreshToken = randomBytes(32).toString('base64url');
      await tx.oAuthRefreshToken.create({ data: { grantId: grant.id, tokenHash: hashOf(refreshToken), expiresAt: this.refreshExpiry() } });
      return { grant, refreshToken };
    });
    if (!issued) throw new OAuthProtocolError('invalid_grant', BAD_CODE);
    const { accessToken, expiresAt } = await this.issueAccessToken(issued.grant, issuer);
    return responseOf(accessToken, expiresAt, issued.refreshToken, issued.grant.scopes);
  }

  async refresh(input: RefreshTokenGrant, issuer: string): Promise<TokenResponse> {
    const token = input.refresh_token;
    const row = await this.prisma.oAuthRefreshToken.findUnique({ where: { tokenHash: hashOf(token) }, include: { grant: true } });
    if (!row || row.grant.clientId !== input.client_id) throw new OAuthProtocolError('invalid_grant', BAD_REFRESH);
    if (input.resource !== undefined && input.resource !== row.grant.resource) {
      throw new OAuthProtocolError('invalid_target', `resource must be ${row.grant.resource}.`);
    }
    if (row.rotatedAt) return this.replayOrRevoke(row, token);
    if (row.expiresAt.getTime() <= Date.now()) throw new OAuthProtocolError('invalid_grant', BAD_REFRESH);

    // The new pair is made first, so the claim below can store it (sealed) in the same write.
    const refreshToken = randomBytes(32).toString('base64url');
    const { accessToken, expiresAt } = await this.issueAccessToken(row.grant, issuer);
    const response = responseOf(accessToken, expiresAt, refreshToken, row.grant.scopes);
    const sealed = seal(token, { response, expiresAt } satisfies SealedPair);
    const graceStart = new Date(Date.now() - this.config.OAUTH_REFRESH_GRACE_SECONDS * 1000);
    const won = await this.prisma.$transaction(async (tx) => {
      const claimed = await tx.oAuthRefreshToken.updateMany({
        where: { id: row.id, rotatedAt: null },
        data: { rotatedAt: new Date(), successorSealed: sealed },
      });
      if (claimed.count === 0) return false;
      await tx.oAuthRefreshToken.create({ data: { grantId: row.grantId, tokenHash: hashOf(refreshToken), expiresAt: this.refreshExpiry() } });
      // Pairs whose grace window has passed are no longer needed: drop them.
      await tx.oAuthRefreshToken.updateMany({
        where: { grantId: row.grantId, rotatedAt: { lt: graceStart }, successorSealed: { not: null } },
        data: { successorSealed: null },
      });
      return true;
    });
    if (won) return response;
    // A parallel refresh with the same token won the claim a moment ago: answer as it did.
    const winner = await this.prisma.oAuthRefreshToken.findUnique({ where: { id: row.id }, include: { grant: true } });
    if (!winner) throw new OAuthProtocolError('invalid_grant', BAD_REFRESH);
    return this.replayOrRevoke(winner, token);
  }

  /** RFC 7009: revokes the grant behind a refresh or access token; unknown tokens are ignored. */
  async revoke(token: string, clientId: string | undefined): Promise<void> {
    const refresh = await this.prisma.oAuthRefreshToken.findUnique({ where: { tokenHash: hashOf(token) }, include: { grant: true } });
    let grant: { id: string; clientId: string } | null = refresh?.grant ?? null;
    if (!grant) {
      const grantId = await this.accessTokens.grantIdOf(token);
      grant = grantId ? await this.prisma.oAuthGrant.findUnique({ where: { id: grantId }, select: { id: true, clientId: true } }) : null;
    }
    // A client may only revoke its own tokens; another's is treated as unknown (§2.2).
    if (!grant || (clientId !== undefined && grant.clientId !== clientId)) return;
    await this.deleteGrant(grant.id);
  }

  private async replayOrRevoke(
    row: { grantId: string; rotatedAt: Date | null; successorSealed: string | null },
    token: string,
  ): Promise<TokenResponse> {
    const age = Date.now() - (row.rotatedAt?.getTime() ?? 0);
    const inGrace = age <= this.config.OAUTH_REFRESH_GRACE_SECONDS * 1000 && row.successorSealed;
    const pair = inGrace ? open<SealedPair>(token, row.successorSealed!) : undefined;
    if (!pair) {
      // Reuse after the window: the token may have leaked, so the whole family goes.
      await this.deleteGrant(row.grantId);
      throw new OAuthProtocolError('invalid_grant', BAD_REFRESH);
    }
    return { ...pair.response, expires_in: Math.max(1, pair.expiresAt - Math.floor(Date.now() / 1000)) };
  }

  private issueAccessToken(grant: GrantOfToken, issuer: string) {
    return this.accessTokens.issue({
      userId: grant.userId,
      tenantId: grant.tenantId,
      grantId: grant.id,
      clientId: grant.clientId,
      scopes: grant.scopes.filter(isScope),
      resource: grant.resource,
      issuer,
    });
  }

  private async deleteGrant(grantId: string): Promise<void> {
    await this.prisma.oAuthGrant.deleteMany({ where: { id: grantId } });
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
  }
}

function responseOf(accessToken: string, expiresAt: number, refreshToken: string, scopes: readonly string[]): TokenResponse {
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: Math.max(1, expiresAt - Math.floor(Date.now() / 1000)),
    refresh_token: refreshToken,
    scope: scopes.filter(isScope).join(' ') satisfies string,
  };
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

