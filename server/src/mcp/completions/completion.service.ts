import { Inject, Injectable } from '@nestjs/common';
import type { CompleteRequestParams, CompleteResult } from '@modelcontextprotocol/server';
import type { Principal } from '../../common/auth/principal.js';
import { completionPage, type CompletionPage } from '../../lookups/completion-page.js';
import { RecordLookupService } from '../../lookups/record-lookup.service.js';
import { PromptCatalog } from '../prompts/prompt-catalog.js';
import { TEMPLATE_KIND } from '../resources/resource-templates.js';

const NOTHING: CompletionPage = completionPage([]);

/**
 * completion/complete for every prompt argument and every resource-template variable,
 * tenant-scoped and prefix-matched (case-insensitive), at most 100 values. Something
 * that cannot be completed (an unknown prompt, argument or template, or no caller)
 * gets an empty answer rather than an error: completion is a typing aid (ADR 0029).
 */
@Injectable()
export class CompletionService {
  constructor(
    @Inject(PromptCatalog) private readonly prompts: PromptCatalog,
    @Inject(RecordLookupService) private readonly lookup: RecordLookupService,
  ) {}

  async complete(principal: Principal | undefined, params: CompleteRequestParams): Promise<CompleteResult> {
    const page = principal ? await this.page(principal, params) : NOTHING;
    return { completion: { ...page } };
  }

  private page(principal: Principal, { ref, argument, context }: CompleteRequestParams): Promise<CompletionPage> {
    const typed = argument.value.slice(0, 200);
    if (ref.type === 'ref/prompt') {
      const completer = this.prompts.find(ref.name)?.complete[argument.name];
      return completer ? completer(principal, typed, context?.arguments ?? {}) : Promise.resolve(NOTHING);
    }
    const kind = TEMPLATE_KIND.get(ref.uri);
    return kind && argument.name === 'id' ? this.lookup.idsStartingWith(principal, kind, typed) : Promise.resolve(NOTHING);
  }
}
