import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PrismaClient } from '../generated/prisma/client.js';
import type { ConnectedApp, ConnectedAppList } from './connected-apps.schemas.js';
import { isScope } from './oauth-scopes.js';

/**
 * The OAuth grants a user gave, in every workspace of theirs: grants belong to the person
 * (like their refresh tokens), so the filter is the caller's user id, in the query itself.
 */
@Injectable()
export class ConnectedAppsService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async list(principal: Principal): Promise<ConnectedAppList> {
    const grants = await this.prisma.oAuthGrant.findMany({
      where: { userId: principal.userId },
      orderBy: { createdAt: 'desc' },
      include: { membership: { select: { tenant: { select: { id: true, name: true } } } } },
    });
    return {
      items: grants.map((grant): ConnectedApp => ({
        id: grant.id,
        clientId: grant.clientId,
        clientName: grant.clientName,
        scopes: grant.scopes.filter(isScope),
        workspace: grant.membership.tenant,
        createdAt: grant.createdAt.toISOString(),
        lastUsedAt: grant.lastUsedAt?.toISOString() ?? null,
      })),
    };
  }

  /** Revokes at once: the next request with any of its tokens fails. Another user's grant is "not found". */
  async revoke(principal: Principal, grantId: string): Promise<void> {
    const { count } = await this.prisma.oAuthGrant.deleteMany({ where: { id: grantId, userId: principal.userId } });
    if (count === 0) throw DomainError.notFound('Connected app', grantId);
  }
}
