import { DomainError } from '../common/errors/domain-error.js';
import type { TenantTx } from '../database/tenant-tx.js';

/**
 * Refuses an assignee who is not a member of the caller's workspace, naming the field.
 * Another workspace's member is not found here, exactly like a random id.
 */
export async function assertAssignee(tx: TenantTx, userId: string): Promise<void> {
  const member = await tx.membership.findFirst({ where: { userId }, select: { id: true } });
  if (member) return;
  throw new DomainError(
    'not_found',
    `User ${userId} (assigneeId) was not found among this workspace's members. Pick a userId from GET /api/members.`,
    { errors: [{ path: 'assigneeId', message: `user ${userId} is not a member of this workspace` }] },
  );
}
