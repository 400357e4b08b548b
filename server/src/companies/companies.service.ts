import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { missedWriteError, NEXT_VERSION, versionGuard, assertVersion } from '../common/concurrency/row-version.js';
import { DomainError } from '../common/errors/domain-error.js';
import { cursorScope, decodeCursor } from '../common/pagination/cursor.js';
import { assertMember } from '../database/record-references.js';
import { TenantDb } from '../database/tenant-db.js';
import type { TenantTx } from '../database/tenant-tx.js';
import { RecordChangeBus } from '../events/record-change.bus.js';
import { Prisma } from '../generated/prisma/client.js';
import { DOMAIN_HINT, normalizeDomain } from './company-domain.js';
import { companyDetail } from './company-detail.js';
import { toCompanyOutput } from './companies.mapper.js';
import { companyAfterCursor, companyFilters, companyOrderBy, cursorAfter, LIVE, sortOf } from './companies.query.js';
import type {
  CompanyDetailOutput,
  CompanyListOutput,
  CompanyOutput,
  CreateCompanyInput,
  ListCompaniesQuery,
  UpdateCompanyInput,
} from './companies.schemas.js';

@Injectable()
export class CompaniesService {
  constructor(
    @Inject(TenantDb) private readonly db: TenantDb,
    @Inject(RecordChangeBus) private readonly changes: RecordChangeBus,
  ) {}

  async list(principal: Principal, query: ListCompaniesQuery): Promise<CompanyListOutput> {
    authorize(principal, 'crm:read');
    const db = this.db.for(principal);
    const { sort, direction } = sortOf(query);
    const filters = companyFilters(query, query.domain === undefined ? undefined : domainOf(query.domain, 'domain'));
    const scope = cursorScope(query, sort, direction);
    const page = query.cursor ? [...filters, companyAfterCursor(decodeCursor(query.cursor, scope), sort, direction)] : filters;
    const [rows, total] = await Promise.all([
      db.company.findMany({ where: { AND: page }, orderBy: companyOrderBy(sort, direction), take: query.limit + 1 }),
      query.includeTotal ? db.company.count({ where: { AND: filters } }) : undefined,
    ]);
    const hasMore = rows.length > query.limit;
    const items = hasMore ? rows.slice(0, query.limit) : rows;
    return {
      items: items.map(toCompanyOutput),
      nextCursor: hasMore ? cursorAfter(items[items.length - 1]!, sort, scope) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  /** The company with its contacts, open deals and open pipeline value. */
  async get(principal: Principal, id: string): Promise<CompanyDetailOutput> {
    authorize(principal, 'crm:read');
    const db = this.db.for(principal);
    const row = await db.company.findFirst({ where: { id, ...LIVE } });
    if (!row) throw DomainError.notFound('Company', id);
    return companyDetail(db, row);
  }

  create(principal: Principal, input: CreateCompanyInput): Promise<CompanyOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'company', this.db.write(principal, (tx) => this.createWith(tx, principal, input)));
  }

  /** Creates a company inside the caller's transaction (a batch uses this). */
  async createWith(tx: TenantTx, principal: Principal, input: CreateCompanyInput): Promise<CompanyOutput> {
    const domain = input.domain === undefined ? null : domainOf(input.domain, 'domain');
    if (input.ownerId) await assertMember(tx, input.ownerId);
    const row = await withDomainConflict(domain, () =>
      tx.company.create({
        data: {
          name: input.name.trim(),
          domain,
          industry: input.industry?.trim() ?? null,
          employeeCount: input.employeeCount ?? null,
          website: input.website ?? null,
          phone: input.phone ?? null,
          ownerId: input.ownerId ?? null,
          tenantId: principal.tenantId,
          createdById: principal.userId,
        },
      }),
    );
    return toCompanyOutput(row);
  }

  /** Writes only the given fields, adding 1 to the version in the same UPDATE (guarded on the caller's version when given). */
  update(principal: Principal, id: string, input: UpdateCompanyInput, expectedVersion?: number): Promise<CompanyOutput> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'company', this.db.write(principal, (tx) => this.updateWith(tx, id, input, expectedVersion)));
  }

  /** Updates a company inside the caller's transaction (a batch uses this). */
  async updateWith(tx: TenantTx, id: string, input: UpdateCompanyInput, expectedVersion?: number): Promise<CompanyOutput> {
    if (Object.keys(input).length === 0) return toCompanyOutput(await currentRow(tx, id, expectedVersion));
    const domain = input.domain === undefined || input.domain === null ? input.domain : domainOf(input.domain, 'domain');
    if (input.ownerId) await assertMember(tx, input.ownerId);
    const [written] = await withDomainConflict(domain, () =>
      tx.company.updateManyAndReturn({
        where: { ...versionGuard(id, expectedVersion), ...LIVE },
        data: {
          name: input.name?.trim(),
          domain,
          industry: input.industry === undefined ? undefined : input.industry?.trim() ?? null,
          employeeCount: input.employeeCount,
          website: input.website,
          phone: input.phone,
          ownerId: input.ownerId,
          ...NEXT_VERSION,
        },
      }),
    );
    if (!written) throw missedWriteError('Company', id, expectedVersion, await versionOf(tx, id));
    return toCompanyOutput(written);
  }

  /**
   * Moves the company to the trash: it disappears from lists, gets, links and search, and its
   * domain is free again. Contacts and deals keep their companyId, so a restore brings the
   * links back; purging for good is the trash's job, which detaches them first.
   */
  delete(principal: Principal, id: string, expectedVersion?: number): Promise<{ id: string; deleted: true }> {
    authorize(principal, 'crm:write');
    return this.changes.after(principal, 'company', this.db.write(principal, async (tx) => {
      const { count } = await tx.company.updateMany({
        where: { ...versionGuard(id, expectedVersion), ...LIVE },
        data: { deletedAt: new Date(), ...NEXT_VERSION },
      });
      if (count === 0) throw missedWriteError('Company', id, expectedVersion, await versionOf(tx, id));
      return { id, deleted: true as const };
    }));
  }
}

/** The normalized domain, or a validation error on `path` that says what a domain looks like. */
export function domainOf(raw: string, path: string): string {
  const domain = normalizeDomain(raw);
  if (!domain) throw DomainError.validation([{ path, message: DOMAIN_HINT }]);
  return domain;
}

async function currentRow(tx: TenantTx, id: string, expectedVersion: number | undefined) {
  const current = await tx.company.findFirst({ where: { id, ...LIVE } });
  if (!current) throw DomainError.notFound('Company', id);
  assertVersion('Company', id, expectedVersion, current);
  return current;
}

function versionOf(tx: TenantTx, id: string): Promise<{ version: number } | null> {
  return tx.company.findFirst({ where: { id, ...LIVE }, select: { version: true } });
}

// The per-workspace domain index (live companies only) is the arbiter, races included; name the field.
async function withDomainConflict<T>(domain: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw DomainError.conflict(
        `Another company already uses the domain ${domain}. Find it with company_list (domain filter) and update that one instead.`,
        'domain',
      );
    }
    throw error;
  }
}
