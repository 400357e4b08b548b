import { z } from 'zod';
import type { FieldIssue } from '../common/errors/domain-error.js';
import { Prisma } from '../generated/prisma/client.js';

// Deal.value is DECIMAL(19,4): 15 integer digits, 4 decimal places.
const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const DECIMAL_MESSAGE = 'must be a decimal string with at most 15 digits before and 4 after the point, e.g. "50000.00"';

/**
 * A money amount: a decimal string. Schemas advertise only the string (no union type,
 * which Gemini CLI warns about), but an exact JSON number is still read, as its
 * decimal text. A number that JSON parsing would have rounded never gets here: the body
 * parser marks it and validation refuses it by name (common/json/exact-json-numbers.ts).
 */
export const moneyAmount = z.preprocess(
  (value) => (typeof value === 'number' && Number.isFinite(value) ? new Prisma.Decimal(value).toFixed() : value),
  z.string({ error: DECIMAL_MESSAGE })
    .trim()
    .refine((text) => !text.startsWith('-'), { message: 'must not be negative', abort: true })
    .regex(DECIMAL, DECIMAL_MESSAGE),
);

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, { message: 'must be 3 upper-case letters, e.g. "USD"', abort: true })
  .refine((code) => CURRENCIES.has(code), 'is not an ISO 4217 currency code')
  .describe('ISO 4217 currency code, e.g. "USD", "EUR", "JPY".');

/** Exact conversion: the text is parsed as a decimal, never through a float. */
export function toDecimal(value: string): Prisma.Decimal {
  return new Prisma.Decimal(value);
}

/**
 * Output format: at least 2 and at most 4 decimal places, trailing zeros beyond the
 * second trimmed ("50000.00", "0.30", "12.345", "12345678901234.5678").
 */
export function formatAmount(value: Prisma.Decimal): string {
  return value.toFixed(Math.min(4, Math.max(2, value.decimalPlaces())));
}

/**
 * A new currency without a new amount would re-denominate the stored amount
 * (100 USD silently becoming 100 EUR), so the two change together. Repeating the
 * current currency changes nothing and is allowed.
 */
export function currencyChangeIssue(
  change: { value?: unknown; currency?: string },
  currentCurrency: string,
): FieldIssue | undefined {
  if (change.currency === undefined || change.value !== undefined || change.currency === currentCurrency) return undefined;
  return {
    path: 'value',
    message: `is required when currency changes (here from ${currentCurrency} to ${change.currency}), `
      + 'because a new currency alone would change what the stored amount means; send value and currency together',
  };
}
