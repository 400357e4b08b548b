import { Inject, Injectable } from '@nestjs/common';
import { authorize } from '../common/auth/policy.js';
import { scopesFor, type Principal, type Scope } from '../common/auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { TenantDb } from '../database/tenant-db.js';
import { generateApiKey } from './api-key-format.js';
import type { ApiKeyListOutput, ApiKeyOutput, CreateApiKeyInput, CreatedApiKeyOutput } from './api-keys.schemas.js';

const visible = {
  id: true, name: true, prefix: true, userId: true, scopes: true, expiresAt: true, lastUsedAt: true, createdAt: true,
} as const;

/**
 * API keys of the caller in the current workspace (any member), and of every member
 * (admins and owners). Keys are made and revoked only by a signed-in person (policy).
 */
@Injectable()
export class ApiKeysService {
  constructor(@Inject(TenantDb) private readonly db: TenantDb) {}

  async create(principal: Principal, input: CreateApiKeyInput): Promise<CreatedApiKeyOutput> {
    authorize(principal, 'api-keys:own');
    const scopes = [...new Set(input.scopes)];
    const beyondRole = scopes.filter((scope) => !scopesFor(principal.role, [scope]).length);
    if (beyondRole.length) {
      throw DomainError.forbidden(`Your role (${principal.role.toLowerCase()}) cannot grant ${beyondRole.join(', ')}. Ask for a key with crm:read only.`);
    }
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw DomainError.validation([{ path: 'expiresAt', message: 'must be in the future' }]);
    }
    const { key, secretHash, prefix } = generateApiKey();
    const row = await this.db.for(principal).apiKey.create({
      data: { tenantId: principal.tenantId, userId: principal.userId, name: input.name, prefix, secretHash, scopes: scopes.join(' '), expiresAt },
      select: visible,
    });
    return { ...toApiKeyOutput(row), key };
  }

  async listOwn(principal: Principal): Promise<ApiKeyListOutput> {
    authorize(principal, 'api-keys:own');
    return this.listWhere(principal, { userId: principal.userId });
  }

  async listAll(principal: Principal): Promise<ApiKeyListOutput> {
    authorize(principal, 'api-keys:manage');
    return this.listWhere(principal, {});
  }

  /** Your own key, or (admins, owners) anyone's in the workspace; it stops working at once. */
  async revoke(principal: Principal, id: string): Promise<void> {
    authorize(principal, 'api-keys:own');
    const db = this.db.for(principal);
    const key = await db.apiKey.findFirst({ where: { id }, select: { userId: true } });
    if (!key) throw DomainError.notFound('API key', id);
    if (key.userId !== principal.userId) authorize(principal, 'api-keys:manage');
    await db.apiKey.deleteMany({ where: { id } });
  }

  private async listWhere(principal: Principal, where: { userId?: string }): Promise<ApiKeyListOutput> {
    const rows = await this.db.for(principal).apiKey.findMany({ where, select: visible, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return { items: rows.map(toApiKeyOutput) };
  }
}

function toApiKeyOutput(row: {
  id: string; name: string; prefix: string; userId: string; scopes: string;
  expiresAt: Date | null; lastUsedAt: Date | null; createdAt: Date;
}): ApiKeyOutput {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.userId,
    scopes: row.scopes.split(' ') as Scope[],
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
