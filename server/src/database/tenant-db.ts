import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { scopeClient, type TenantClient } from './tenant-scope.extension.js';
import { CHANGE_CONTEXT_SETTING, changeContextOf, type WriteOptions } from './change-context.js';
import type { TenantTx } from './tenant-tx.js';

// Bounded so a long-running process serving many tenants does not grow without limit.
const MAX_CACHED_TENANTS = 1_000;

/**
 * The only door from a domain service to tenant data. `for(principal)` returns a Prisma
 * client whose every query is confined to the principal's tenant. Scoped clients are
 * cached per tenant so the extension is built once, not on every request.
 */
@Injectable()
export class TenantDb {
  private readonly clients = new Map<string, TenantClient>();

  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  for(principal: Pick<Principal, 'tenantId'>): TenantClient {
    const tenantId = principal.tenantId;
    let client = this.clients.get(tenantId);
    if (!client) {
      client = scopeClient(this.prisma, tenantId);
      if (this.clients.size >= MAX_CACHED_TENANTS) {
        this.clients.delete(this.clients.keys().next().value as string);
      }
      this.clients.set(tenantId, client);
    }
    return client;
  }

  /**
   * Runs one change to CRM records: a transaction on the caller's tenant. Every CRM write
   * goes through here, so that what a change must carry (who made it, through which
   * channel) is attached in one place: the transaction's first statement hands it to the
   * audit trigger, which records every row the change touches (ADR 0038).
   */
  write<T>(principal: Principal, change: (tx: TenantTx) => Promise<T>, options?: WriteOptions): Promise<T> {
    const context = JSON.stringify(changeContextOf(principal, options));
    return this.for(principal).$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config(${CHANGE_CONTEXT_SETTING}, ${context}, true)`;
      return change(tx);
    });
  }
}
