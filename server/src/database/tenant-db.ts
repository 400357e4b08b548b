import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { scopeClient, type ScopeOptions, type TenantClient } from './tenant-scope.extension.js';
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
  private readonly trashClients = new Map<string, TenantClient>();

  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  for(principal: Pick<Principal, 'tenantId'>): TenantClient {
    return this.cached(this.clients, principal.tenantId, {});
  }

  /**
   * The tenant's records including those in the trash (ADR 0040). Only restore, undo and
   * purge use it; every other read goes through `for`, which never sees trashed rows.
   */
  withTrash(principal: Pick<Principal, 'tenantId'>): TenantClient {
    return this.cached(this.trashClients, principal.tenantId, { withTrash: true });
  }

  private cached(cache: Map<string, TenantClient>, tenantId: string, options: ScopeOptions): TenantClient {
    let client = cache.get(tenantId);
    if (!client) {
      client = scopeClient(this.prisma, tenantId, options);
      if (cache.size >= MAX_CACHED_TENANTS) cache.delete(cache.keys().next().value as string);
      cache.set(tenantId, client);
    }
    return client;
  }

  /**
   * Runs one change to CRM records: a transaction on the caller's tenant. Every CRM write
   * goes through here, so that what a change must carry (who made it, through which
   * channel) is attached in one place: the transaction's first statement hands it to the
   * audit trigger, which records every row the change touches (ADR 0038).
   * `{ withTrash: true }` lets the change reach trashed rows (restore, undo, purge, and
   * trashing with its detaching; ADR 0040).
   */
  write<T>(principal: Principal, change: (tx: TenantTx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const context = JSON.stringify(changeContextOf(principal, options));
    const client = options.withTrash ? this.withTrash(principal) : this.for(principal);
    return client.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config(${CHANGE_CONTEXT_SETTING}, ${context}, true)`;
      return change(tx);
    });
  }
}
