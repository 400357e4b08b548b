import { Prisma } from '../../generated/prisma/client.js';
import { DomainError } from './domain-error.js';

/**
 * The one place where database failures become domain errors. Services may still
 * throw friendlier errors first; this catches what slips through (races included).
 */
export function domainErrorFromPrisma(error: unknown): DomainError | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  switch (error.code) {
    case 'P2002': {
      const field = uniqueFieldOf(error);
      return DomainError.conflict(
        field ? `Another record already uses this ${field}.` : 'A record with these values already exists.',
        field,
      );
    }
    case 'P2025':
      return DomainError.notFound('Record');
    case 'P2003':
      // A composite foreign key including tenantId failed: the referenced row is missing
      // or belongs to another tenant, which we report identically.
      return DomainError.notFound('Referenced record');
    case 'P2014':
      return DomainError.conflict('The change would break a required relation.');
    default:
      return undefined;
  }
}

function uniqueFieldOf(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const meta = error.meta as Record<string, unknown> | undefined;
  const target = meta?.target ?? (meta?.driverAdapterError as { cause?: { constraint?: { fields?: string[] } } })?.cause?.constraint?.fields;
  const fields = (Array.isArray(target) ? target : typeof target === 'string' ? [target] : [])
    .map((field: string) => field.replace(/"/g, ''))
    .filter((field: string) => field !== 'tenantId');
  return fields.length ? fields.join(', ') : undefined;
}

/**
 * True when a write failed on the named CHECK constraint (PostgreSQL 23514). Prisma has no
 * code of its own for it, and the driver adapters wrap it differently, so the error chain
 * is searched for the constraint's name.
 */
export function violatesCheck(error: unknown, constraint: string): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { message, meta, cause } = current as { message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    if (typeof message === 'string' && message.includes('check constraint') && message.includes(constraint)) return true;
    const code = (current as { code?: unknown; originalCode?: unknown }).originalCode ?? (current as { code?: unknown }).code;
    if (code === '23514' && JSON.stringify(current).includes(constraint)) return true;
    current = meta?.driverAdapterError ?? cause;
  }
  return false;
}
