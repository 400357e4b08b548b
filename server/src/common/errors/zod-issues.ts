import type { z } from 'zod';
import { DomainError, type FieldIssue } from './domain-error.js';

export function fieldIssuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    // Unknown keys are reported on the parent object; name the key itself instead.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => ({
      path: [...issue.path, ...(key === undefined ? [] : [key])].map(String).join('.'),
      message: issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message,
    }));
  }).flat();
}

export function validationErrorOf(error: z.ZodError): DomainError {
  return DomainError.validation(fieldIssuesOf(error));
}
