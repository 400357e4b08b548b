import { getUnsafeNumberReason, isSafeNumber, parse } from 'lossless-json';
import type { FieldIssue } from '../errors/domain-error.js';

/**
 * A JSON number that a JavaScript number cannot hold exactly, e.g. 12345678901234.5678
 * (it would become 12345678901234.568). JSON parsing keeps it as this marker instead of
 * rounding it, and input validation refuses it by field path (never silently stored).
 */
export class InexactNumber {
  constructor(readonly text: string) {
    Object.freeze(this);
  }

  /** Why the number is inexact, for the client: what it would have become. */
  get problem(): string {
    const rounded = Number(this.text);
    const reason = getUnsafeNumberReason(this.text);
    if (reason === 'overflow') return `is the JSON number ${this.text}, which is too large for a number`;
    if (reason === 'underflow') return `is the JSON number ${this.text}, which is too small for a number and would become 0`;
    return `is the JSON number ${this.text}, which a number cannot hold exactly (it would become ${rounded})`;
  }
}

// A number token (after ':', ',' or '[', or as the whole text) with 16 or more digits or an
// exponent. Up to 15 significant digits without an exponent always survive a double and back
// (DBL_DIG), so a text without such a token needs no lossless pass. Matches inside strings
// only cost the slower pass, never correctness.
const MAYBE_INEXACT = /(?:^|[:,[])\s*-?(?:(?:\d\.?){16}|[\d.]+[eE])/;

/**
 * Re-reads JSON text that has already passed a normal JSON.parse (syntax, prototype
 * poisoning), this time keeping every number's source text: numbers that a double holds
 * exactly become numbers, the others become InexactNumber markers. Returns undefined when
 * the text cannot hold an inexact number, so the caller keeps its JSON.parse result.
 */
export function reparseKeepingInexactNumbers(text: string): unknown {
  if (!MAYBE_INEXACT.test(text)) return undefined;
  return parse(text, null, {
    parseNumber: (number) => (isSafeNumber(number) ? Number(number) : new InexactNumber(number)),
    // JSON.parse (which the text already passed) keeps the last of duplicate keys; so do we.
    onDuplicateKey: ({ newValue }) => newValue,
  });
}

/** One issue per inexact number in a parsed input, named by its dotted field path. */
export function inexactNumberIssues(value: unknown, path: string[] = []): FieldIssue[] {
  if (value instanceof InexactNumber) {
    return [{ path: path.join('.'), message: `${value.problem}; send it as a decimal string, e.g. "${value.text}"` }];
  }
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  return entries.flatMap(([key, item]) => inexactNumberIssues(item, [...path, key]));
}
