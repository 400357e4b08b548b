import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AccessTokenIssuer } from '../../server/src/auth/access-token.issuer.js';
import { PasswordHasher } from '../../server/src/auth/password-hasher.js';
import type { Role } from '../../server/src/generated/prisma/enums.js';
import { PrismaClient } from '../../server/src/generated/prisma/client.js';

export interface SignedUpAccount {
  accessToken: string;
  refreshToken: string;
  userId: string;
  tenantId: string;
  email: string;
  password: string;
}

export interface SignUpOverrides {
  email?: string;
  password?: string;
  name?: string;
  company?: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}@example.test`;
}

/**
 * Signs up a fresh user owning a fresh tenant through the real API, then signs in: sign-up
 * answers 202 without a token (it must not tell whether the email existed), and sign-in is
 * its one follow-up.
 */
export async function signUp(baseUrl: string, overrides: SignUpOverrides = {}): Promise<SignedUpAccount> {
  const input = {
    email: overrides.email ?? uniqueEmail(),
    password: overrides.password ?? 'correct horse battery staple',
    name: overrides.name ?? 'Test User',
    company: overrides.company ?? 'Test Company',
  };
  const response = await fetch(`${baseUrl}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (response.status !== 202) {
    throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  }
  await response.arrayBuffer();
  return signIn(baseUrl, input.email, input.password);
}

/** Signs in through the real API; `extra` carries tenantId or invitation. */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
  extra: { tenantId?: string; invitation?: string } = {},
): Promise<SignedUpAccount> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, ...extra }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  }
  const session = (await response.json()) as {
    accessToken: string;
    refreshToken: string;
    user: { id: string; email: string };
    tenant: { id: string };
  };
  return {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    userId: session.user.id,
    tenantId: session.tenant.id,
    email: session.user.email,
    password,
  };
}

export interface CreatedMember {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
}

/** Adds a new user to an existing tenant (straight into the database) and mints their access token. */
export async function createMember(app: INestApplication, tenantId: string, role: Role = 'MEMBER'): Promise<CreatedMember> {
  const prisma = app.get(PrismaClient);
  const email = uniqueEmail('member');
  const password = 'member password 0123';
  const user = await prisma.user.create({
    data: {
      email,
      name: `Member ${email.split('@')[0]}`,
      passwordHash: await app.get(PasswordHasher).hash(password),
      memberships: { create: { tenantId, role } },
    },
  });
  const { accessToken } = await app.get(AccessTokenIssuer).issue({ userId: user.id, tenantId, role });
  return { userId: user.id, email, password, accessToken };
}
