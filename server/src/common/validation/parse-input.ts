import type { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { validationErrorOf } from '../errors/zod-issues.js';
import { inexactNumberIssues } from '../json/exact-json-numbers.js';

export type ParsedInput<Schema extends z.ZodType> = { data: z.output<Schema> } | { error: DomainError };

/**
 * Validates a parsed JSON input against an operation's schema. A number that JSON
 * parsing could not hold exactly is refused first, by field path, whatever the field's
 * type: REST bodies and MCP tool arguments share this one rule.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown): ParsedInput<Schema> {
  const inexact = inexactNumberIssues(value);
  if (inexact.length > 0) return { error: DomainError.validation(inexact) };
  const parsed = schema.safeParse(value);
  return parsed.success ? { data: parsed.data } : { error: validationErrorOf(parsed.error) };
}
