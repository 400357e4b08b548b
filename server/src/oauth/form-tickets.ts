import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ALL_SCOPES } from '../common/auth/principal.js';
import { JWT_KEYS, type JwtKeys } from '../auth/jwt-keys.js';
import type { AuthorizationRequest } from './authorization-request.js';
import { PageError } from './authorization-request.js';

export const CSRF_COOKIE = 'synapse_oauth_csrf';
const TICKET_TYPE = 'synapse-oauth-form+jwt';
const TICKET_AUDIENCE = 'synapse-oauth-authorize';
// Long enough to read the page and type a password; short enough that a stale tab fails.
const TICKET_TTL_SECONDS = 15 * 60;

const requestSchema = z.object({
  clientId: z.string(),
  clientName: z.string(),
  redirectUri: z.string(),
  state: z.string().optional(),
  codeChallenge: z.string(),
  scopes: z.array(z.enum(ALL_SCOPES)),
  resource: z.string(),
  issuer: z.string(),
});
const ticketSchema = z.object({ req: requestSchema, csrf: z.string(), sub: z.uuid().optional() });

export interface VerifiedTicket {
  request: AuthorizationRequest;
  /** Set once the person signed in (the consent step). */
  userId?: string;
}

const EXPIRED = 'This sign-in form has expired or was opened in another browser. Go back to the application and connect again.';

/**
 * The state of one authorization between our pages, kept by the browser: a signed, short-lived
 * ticket in a hidden field, bound to a CSRF cookie (double submit). A form posted from another
 * site lacks the cookie value; a ticket copied from another browser lacks the cookie.
 */
@Injectable()
export class FormTickets {
  constructor(@Inject(JWT_KEYS) private readonly keys: JwtKeys) {}

  /** The browser's CSRF value: the one its cookie already holds, or a new one. */
  csrfValue(cookieHeader: string | undefined): string {
    const existing = cookieValue(cookieHeader, CSRF_COOKIE);
    return existing && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : randomBytes(32).toString('base64url');
  }

  csrfCookie(value: string, secure: boolean): string {
    return `${CSRF_COOKIE}=${value}; Path=/api/oauth; HttpOnly; SameSite=Lax; Max-Age=${TICKET_TTL_SECONDS}${secure ? '; Secure' : ''}`;
  }

  issue(request: AuthorizationRequest, csrf: string, userId?: string): Promise<string> {
    const jwt = new SignJWT({ req: request, csrf: hashOf(csrf) })
      .setProtectedHeader({ alg: this.keys.algorithm, typ: TICKET_TYPE })
      .setAudience(TICKET_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${TICKET_TTL_SECONDS}s`);
    if (userId) jwt.setSubject(userId);
    return jwt.sign(this.keys.signingKey);
  }

  /** Checks the ticket's signature and age, and that field and cookie carry the same CSRF value. */
  async verify(ticket: unknown, csrfField: unknown, cookieHeader: string | undefined): Promise<VerifiedTicket> {
    const cookie = cookieValue(cookieHeader, CSRF_COOKIE);
    if (typeof ticket !== 'string' || typeof csrfField !== 'string' || !cookie || !sameText(cookie, csrfField)) {
      throw new PageError(EXPIRED);
    }
    let claims: z.infer<typeof ticketSchema>;
    try {
      const { payload } = await jwtVerify(ticket, this.keys.verificationKey, {
        algorithms: [this.keys.algorithm],
        typ: TICKET_TYPE,
        audience: TICKET_AUDIENCE,
      });
      claims = ticketSchema.parse(payload);
    } catch {
      throw new PageError(EXPIRED);
    }
    if (!sameText(claims.csrf, hashOf(csrfField))) throw new PageError(EXPIRED);
    return { request: claims.req, ...(claims.sub ? { userId: claims.sub } : {}) };
  }
}

function hashOf(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
