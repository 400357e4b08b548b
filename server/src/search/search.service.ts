import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/auth/principal.js';
import { authorize } from '../common/auth/policy.js';
import { TenantDb } from '../database/tenant-db.js';
import { toSearchHit } from './search-hit.js';
import { SEARCH_KINDS, type SearchOutput, type SearchQuery } from './search.schemas.js';
import { searchStatement, type SearchRow } from './search.statement.js';

/** One search across contacts, companies, leads, deals and tickets, ranked (ADR 0045). */
@Injectable()
export class SearchService {
  constructor(@Inject(TenantDb) private readonly db: TenantDb) {}

  async search(principal: Principal, query: SearchQuery): Promise<SearchOutput> {
    authorize(principal, 'crm:read');
    const term = query.q.trim().toLowerCase();
    const kinds = query.kinds ? SEARCH_KINDS.filter((kind) => query.kinds!.includes(kind)) : SEARCH_KINDS;
    const statement = searchStatement({ tenantId: principal.tenantId, term, limit: query.limit }, kinds);
    const rows = await this.db.for(principal).$queryRaw<SearchRow[]>(statement);
    return { results: rows.map(toSearchHit) };
  }
}
