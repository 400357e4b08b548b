import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client.js';

export interface Workspace {
  tenantId: string;
  name: string;
  role: string;
}

/** What the consent page needs to know about the person signing in. */
@Injectable()
export class OAuthConsentService {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async personOf(userId: string): Promise<{ email: string; workspaces: Workspace[] }> {
    const user = await this.prisma.user.findUnique({
      where: { id: userId },
      select: {
        email: true,
        memberships: { orderBy: { createdAt: 'asc' }, select: { tenantId: true, role: true, tenant: { select: { name: true } } } },
      },
    });
    return {
      email: user?.email ?? '',
      workspaces: (user?.memberships ?? []).map((m) => ({ tenantId: m.tenantId, name: m.tenant.name, role: m.role })),
    };
  }
}
