import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Principal, Scope } from '../common/auth/principal.js';
import { scopesFor } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DATABASE_CONNECTION } from '../database/database.module.js';
import type { DatabaseConnection } from '../database/sql-session.js';
import type { Role } from '../generated/prisma/enums.js';
import { JWT_KEYS, type JwtKeys } from './jwt-keys.js';

/** RFC 9068's media type: what tells an OAuth access token from a first-party one. */
export const OAUTH_ACCESS_TOKEN_TYPE = 'at+jwt';

const claimsSchema = z.object({
  sub: z.uuid(),
  tid: z.uuid(),
  gid: z.uuid(),
  client_id: z.string().min(1),
  aud: z.string().min(1),
  scope: z.string(),
  exp: z.number(),
});

export interface OAuthAccessTokenSubject {
  userId: string;
  tenantId: string;
  grantId: string;
  clientId: string;
  scopes: readonly Scope[];
  /** The RFC 8707 resource: the token's audience. */
  resource: string;
  issuer: string;
}

// lastUsedAt is for people ("last used 5 minutes ago"), so one write a minute per grant is plenty.
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/**
 * OAuth access tokens (ADR 0031): JWTs signed with the app's keys, `typ: at+jwt`, audience
 * the MCP resource, carrying the grant id. Verification checks the signature and expiry,
 * then that the grant still exists and the member is still in the workspace, with one
 * statement per request: revoking the grant or removing the member ends access at once.
 */
@Injectable()
export class OAuthAccessTokens {
  private readonly lastUsedWrites = new Map<string, number>();
  /** The exact first segment `issue` writes: what tells our OAuth tokens apart without parsing. */
  private readonly headerSegment: string;

  constructor(
    @Inject(JWT_KEYS) private readonly keys: JwtKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection,
  ) {
    this.headerSegment = `${Buffer.from(JSON.stringify(this.protectedHeader())).toString('base64url')}.`;
  }

  /**
   * Whether a bearer token has the shape of one of ours (by its header segment, a string
   * comparison). A token that only imitates the shape still fails verification; one that
   * does not have it goes to the first-party verifier, whose audience it cannot pass.
   */
  hasOurShape(token: string): boolean {
    return token.startsWith(this.headerSegment);
  }

  private protectedHeader() {
    return { alg: this.keys.algorithm, typ: OAUTH_ACCESS_TOKEN_TYPE };
  }

  get ttlSeconds(): number {
    return this.config.OAUTH_ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(subject: OAuthAccessTokenSubject): Promise<{ accessToken: string; expiresAt: number }> {
    const expiresAt = Math.floor(Date.now() / 1000) + this.ttlSeconds;
    const accessToken = await new SignJWT({
      tid: subject.tenantId,
      gid: subject.grantId,
      client_id: subject.clientId,
      scope: subject.scopes.join(' '),
    })
      .setProtectedHeader(this.protectedHeader())
      .setSubject(subject.userId)
      .setIssuer(subject.issuer)
      .setAudience(subject.resource)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.keys.signingKey);
    return { accessToken, expiresAt };
  }

  /** The grant id of a token we signed, expired or not; undefined for anything else (revocation). */
  async grantIdOf(token: string): Promise<string | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.keys.verificationKey, {
        algorithms: [this.keys.algorithm],
        typ: OAUTH_ACCESS_TOKEN_TYPE,
        clockTolerance: Number.MAX_SAFE_INTEGER,
      });
      return claimsSchema.shape.gid.safeParse(payload.gid).data;
    } catch {
      return undefined;
    }
  }

  async verify(token: string): Promise<Principal> {
    const claims = await this.verifySignedClaims(token);
    const [row] = await this.database.query<{ role: Role }>(
      'SELECT m."role" FROM "OAuthGrant" g JOIN "Membership" m ON m."tenantId" = g."tenantId" AND m."userId" = g."userId"' +
        ' WHERE g."id" = $1 AND g."tenantId" = $2 AND g."userId" = $3',
      [claims.gid, claims.tid, claims.sub],
    );
    if (!row) throw DomainError.unauthenticated();
    this.noteUse(claims.gid);
    return {
      userId: claims.sub,
      tenantId: claims.tid,
      role: row.role,
      // What the grant allows, less what the member's current role forbids (a viewer never writes).
      scopes: scopesFor(row.role, claims.scope.split(' ')),
      credential: { kind: 'oauth', id: claims.gid, clientId: claims.client_id, resource: claims.aud },
    };
  }

  private async verifySignedClaims(token: string): Promise<z.infer<typeof claimsSchema>> {
    try {
      const { payload } = await jwtVerify(token, this.keys.verificationKey, {
        algorithms: [this.keys.algorithm],
        typ: OAUTH_ACCESS_TOKEN_TYPE,
        requiredClaims: ['exp', 'sub', 'aud', 'iss'],
      });
      return claimsSchema.parse(payload);
    } catch {
      throw DomainError.unauthenticated();
    }
  }

  private noteUse(grantId: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWrites.get(grantId) ?? 0) < LAST_USED_WRITE_INTERVAL_MS) return;
    if (this.lastUsedWrites.size > 10_000) this.lastUsedWrites.clear();
    this.lastUsedWrites.set(grantId, now);
    // Not awaited: a request never waits on bookkeeping, and a failed write only loses a timestamp.
    this.database
      .query('UPDATE "OAuthGrant" SET "lastUsedAt" = now() WHERE "id" = $1', [grantId])
      .catch(() => this.lastUsedWrites.delete(grantId));
  }
}
