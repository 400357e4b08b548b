import type { Prisma } from '../generated/prisma/client.js';
import { createDefaultPipeline } from '../pipelines/default-pipeline.js';

export interface NewAccount {
  /** Already lower-cased (see normalizeEmail). */
  email: string;
  passwordHash: string;
  name: string;
  company: string;
}

export interface CreatedAccount {
  userId: string;
  tenantId: string;
}

/** Emails are unique case-insensitively because they are always stored lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A new user owning a new tenant with the default sales pipeline. Call inside a
 * transaction (sign-up, seed) so that a failure leaves nothing behind.
 */
export async function createAccount(tx: Prisma.TransactionClient, account: NewAccount): Promise<CreatedAccount> {
  const user = await tx.user.create({
    data: { email: account.email, passwordHash: account.passwordHash, name: account.name },
    select: { id: true },
  });
  const tenant = await tx.tenant.create({ data: { name: account.company }, select: { id: true } });
  await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
  await createDefaultPipeline(tx, tenant.id, user.id);
  return { userId: user.id, tenantId: tenant.id };
}
