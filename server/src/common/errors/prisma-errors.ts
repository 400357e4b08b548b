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
