import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseInput } from './parse-input.js';

/**
 * Validates a body or query against the operation's zod schema, the same schema the
 * MCP tool and the OpenAPI document use. Failures become one DomainError listing
 * every bad field, which the filter renders as 400 problem+json.
 */
@Injectable()
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(private readonly schema: Schema) {}

  transform(value: unknown): z.output<Schema> {
    const parsed = parseInput(this.schema, value ?? {});
    if ('error' in parsed) throw parsed.error;
    return parsed.data;
  }
}

/** `@Body(validate(CreateContactInput))` */
export const validate = <Schema extends z.ZodType>(schema: Schema) => new ZodValidationPipe(schema);
