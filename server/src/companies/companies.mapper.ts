import type { Company } from '../generated/prisma/client.js';
import type { CompanyOutput } from './companies.schemas.js';

export function toCompanyOutput(row: Company): CompanyOutput {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    employeeCount: row.employeeCount,
    website: row.website,
    phone: row.phone,
    ownerId: row.ownerId,
    version: row.version,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
