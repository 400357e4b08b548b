import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { validationErrorOf } from '../errors/zod-issues.js';

/**
 * Validates a body or query against the operation's zod schema, the same schema the
 * MCP tool and the OpenAPI document use. Failures become one DomainError listing
 * every bad field, which the filter renders as 400 problem+json.
 */
@Injectable()
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(private readonly schema: Schema) {}

  transform(value: unknown): z.output<Schema> {
    const parsed = this.schema.safeParse(value ?? {});
    if (!parsed.success) throw validationErrorOf(parsed.error);
    return parsed.data;
  }
}

/** `@Body(validate(CreateContactInput))` */
export const validate = <Schema extends z.ZodType>(schema: Schema) => new ZodValidationPipe(schema);
