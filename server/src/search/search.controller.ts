import { Controller, Get, Inject } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { Operation, ZodQuery } from '../common/http/zod-route.decorators.js';
import { SearchOutput, SearchQuery } from './search.schemas.js';
import { SearchService } from './search.service.js';

@Controller('search')
export class SearchController {
  constructor(@Inject(SearchService) private readonly searcher: SearchService) {}

  @Get()
  @Operation({ summary: 'Search contacts, companies, leads, deals and tickets at once (ranked)', response: SearchOutput })
  search(@CurrentPrincipal() principal: Principal, @ZodQuery(SearchQuery) query: SearchQuery) {
    return this.searcher.search(principal, query);
  }
}
