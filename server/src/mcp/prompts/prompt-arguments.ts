import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { completeFrom } from '../../lookups/completion-page.js';
import type { ArgumentCompleter } from './prompt-definition.js';

// Argument schemas and completers shared by several prompts.

export const staleDaysArg = z.string().regex(/^\d{1,3}$/, 'must be a whole number of days, e.g. 14').optional()
  .describe('Days without any change after which an item counts as stale (default 14).');

export const completeDays: ArgumentCompleter = async (_principal, typed) => completeFrom(['7', '14', '30', '60', '90'], typed);

export function staleDaysOf(value: string | undefined): number {
  return value === undefined ? 14 : Number(value);
}

/** Bad prompt arguments are the caller's mistake: -32602 with the fields named. */
export function invalidArguments(error: z.ZodError): ProtocolError {
  const fields = error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`).join('; ');
  return new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid prompt arguments. ${fields}. Fix them and get the prompt again.`);
}
