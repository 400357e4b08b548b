import { z } from 'zod';
import { Prisma } from '../generated/prisma/client.js';

// Deal.value is DECIMAL(19,4): 15 integer digits, 4 decimal places.
const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function decimalTextOf(value: string | number): string {
  return typeof value === 'number' ? String(value) : value.trim();
}

/** A money amount as given by a client: a decimal string ("50000.00") or a JSON number. */
export const moneyAmount = z.union([z.string(), z.number()]).superRefine((value, ctx) => {
  const text = decimalTextOf(value);
  if (text.startsWith('-')) {
    ctx.addIssue({ code: 'custom', message: 'must not be negative' });
  } else if (!DECIMAL.test(text)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a decimal with at most 15 digits before and 4 after the point, e.g. "50000.00"',
    });
  }
});

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, { message: 'must be 3 upper-case letters, e.g. "USD"', abort: true })
  .refine((code) => CURRENCIES.has(code), 'is not an ISO 4217 currency code')
  .describe('ISO 4217 currency code, e.g. "USD", "EUR", "JPY".');

/** Exact conversion: the text is parsed as a decimal, never through a float. */
export function toDecimal(value: string | number): Prisma.Decimal {
  return new Prisma.Decimal(decimalTextOf(value));
}

/**
 * Output format: at least 2 and at most 4 decimal places, trailing zeros beyond the
 * second trimmed ("50000.00", "0.30", "12.345", "12345678901234.5678").
 */
export function formatAmount(value: Prisma.Decimal): string {
  return value.toFixed(Math.min(4, Math.max(2, value.decimalPlaces())));
}
