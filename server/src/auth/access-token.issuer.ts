import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import type { Principal } from '../common/auth/principal.js';
import { JWT_KEYS, type JwtKeys } from './jwt-keys.js';

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
}

/** Mints our own short-lived access tokens: sub = user, tid = tenant, role. */
@Injectable()
export class AccessTokenIssuer {
  constructor(@Inject(JWT_KEYS) private readonly keys: JwtKeys) {}

  async issue(principal: Pick<Principal, 'userId' | 'tenantId' | 'role'>): Promise<IssuedAccessToken> {
    const accessToken = await new SignJWT({ tid: principal.tenantId, role: principal.role })
      .setProtectedHeader({ alg: this.keys.algorithm, typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuer(this.keys.issuer)
      .setAudience(this.keys.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.keys.ttlSeconds}s`)
      .sign(this.keys.signingKey);
    return { accessToken, expiresIn: this.keys.ttlSeconds };
  }
}
