import { DomainError } from '../common/errors/domain-error.js';
import type { TenantTx } from './tenant-tx.js';

// Lookups run on the tenant-scoped client, so another tenant's id is simply absent:
// references to it are refused exactly like references to a missing id. These checks
// give a named 404; the composite foreign keys still refuse anything that races past them.

/** Refuses a user id that is not a member of the caller's tenant. */
export async function assertMember(tx: TenantTx, userId: string): Promise<void> {
  const member = await tx.membership.findFirst({ where: { userId }, select: { id: true } });
  if (!member) throw DomainError.notFound('User', userId);
}

/** Refuses a contact id that does not exist in the caller's tenant. */
export async function assertContact(tx: TenantTx, contactId: string): Promise<void> {
  const contact = await tx.contact.findFirst({ where: { id: contactId }, select: { id: true } });
  if (!contact) throw DomainError.notFound('Contact', contactId);
}

/** Refuses a company id that does not exist in the caller's tenant, or is in the trash. */
export async function assertCompany(tx: TenantTx, companyId: string): Promise<void> {
  const company = await tx.company.findFirst({ where: { id: companyId, deletedAt: null }, select: { id: true } });
  if (!company) throw DomainError.notFound('Company', companyId);
}
