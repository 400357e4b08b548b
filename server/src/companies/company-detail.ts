import { formatAmount } from '../deals/money.js';
import type { TenantTx } from '../database/tenant-tx.js';
import type { Company } from '../generated/prisma/client.js';
import { toCompanyOutput } from './companies.mapper.js';
import { COMPANY_DETAIL_LIMIT, type CompanyDetailOutput } from './companies.schemas.js';

// A deal is open while its stage is of kind OPEN (deals.schemas.ts: status from the stage kind).
const OPEN = { stage: { kind: 'OPEN' } } as const;

/**
 * A company's get: its fields, its contacts, its open deals and the open pipeline value per
 * currency (amounts of different currencies are never added together).
 */
export async function companyDetail(tx: TenantTx, company: Company): Promise<CompanyDetailOutput> {
  const byCompany = { companyId: company.id };
  const [contacts, contactCount, deals, openDealCount, sums] = await Promise.all([
    tx.contact.findMany({
      where: byCompany,
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
      take: COMPANY_DETAIL_LIMIT,
      select: { id: true, firstName: true, lastName: true, email: true, jobTitle: true },
    }),
    tx.contact.count({ where: byCompany }),
    tx.deal.findMany({
      where: { ...byCompany, ...OPEN },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: COMPANY_DETAIL_LIMIT,
      include: { stage: { select: { name: true } } },
    }),
    tx.deal.count({ where: { ...byCompany, ...OPEN } }),
    tx.deal.groupBy({ by: ['currency'], where: { ...byCompany, ...OPEN }, _sum: { value: true }, orderBy: { currency: 'asc' } }),
  ]);
  return {
    ...toCompanyOutput(company),
    contacts: contacts.map((contact) => ({
      id: contact.id,
      name: [contact.firstName, contact.lastName].filter(Boolean).join(' '),
      email: contact.email,
      jobTitle: contact.jobTitle,
    })),
    contactCount,
    openDeals: deals.map((deal) => ({
      id: deal.id,
      title: deal.title,
      value: formatAmount(deal.value),
      currency: deal.currency,
      stage: deal.stage.name,
      expectedCloseDate: deal.expectedCloseDate ? deal.expectedCloseDate.toISOString().slice(0, 10) : null,
    })),
    openDealCount,
    openPipelineValue: sums
      .filter((sum) => sum._sum.value !== null)
      .map((sum) => ({ currency: sum.currency, value: formatAmount(sum._sum.value!) })),
  };
}
