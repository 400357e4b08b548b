import { Controller, Inject, Post, type Type } from '@nestjs/common';
import type { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { Operation, ZodBody } from '../common/http/zod-route.decorators.js';
import type { BatchPlural } from './batch-kinds.js';
import {
  CompaniesBatchInput, CompaniesBatchOutput, ContactsBatchInput, ContactsBatchOutput, DealsBatchInput, DealsBatchOutput, LeadsBatchInput, LeadsBatchOutput,
} from './batch.schemas.js';
import { BatchService, relativeToKind } from './batch.service.js';

/**
 * `POST /api/<plural>/batch` with `{create: [...], update: [{id, expectedVersion?, ...}]}`:
 * one controller per kind, all made here from the kind's schemas, all running `BatchService`
 * (the same all-or-nothing transaction as the MCP `batch` tool).
 */
function batchController(plural: BatchPlural, input: z.ZodObject, output: z.ZodObject): Type {
  @Controller(plural)
  class BatchController {
    constructor(@Inject(BatchService) private readonly batch: BatchService) {}

    @Post('batch')
    @Operation({
      summary: `Create and update up to 100 ${plural} at once, all or nothing`,
      description: 'One transaction: every item is checked first, and a refusal names each failing item by index and field (e.g. `create.3.email`). Nothing is written unless every item succeeds.',
      response: output,
      status: 200,
    })
    async run(@CurrentPrincipal() principal: Principal, @ZodBody(input) body: Record<string, unknown>) {
      try {
        const result = await this.batch.run(principal, { [plural]: body });
        return result[plural];
      } catch (error) {
        throw relativeToKind(error, plural);
      }
    }
  }
  // The OpenAPI tag and operation id come from the class name: ContactsBatch, contactsBatch_run.
  Object.defineProperty(BatchController, 'name', { value: `${plural[0]!.toUpperCase()}${plural.slice(1)}BatchController` });
  return BatchController;
}

export const BATCH_CONTROLLERS: Type[] = [
  batchController('companies', CompaniesBatchInput, CompaniesBatchOutput),
  batchController('contacts', ContactsBatchInput, ContactsBatchOutput),
  batchController('leads', LeadsBatchInput, LeadsBatchOutput),
  batchController('deals', DealsBatchInput, DealsBatchOutput),
];
