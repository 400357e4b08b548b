import { createAccount, normalizeEmail } from '../accounts/create-account.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import { contactSearchText } from '../contacts/contacts.search-text.js';
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';

/** The demo login, shown in the README. Only ever created by the seed. */
export const DEMO_ACCOUNT = {
  email: 'demo@synapse.local',
  password: 'synapse-demo-2026',
  name: 'Demo User',
  company: 'Demo Company',
} as const;

const CONTACTS = [
  { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@analytical.example', phone: '+44 20 7946 0001', company: 'Analytical Engines Ltd', jobTitle: 'CTO' },
  { firstName: 'Grace', lastName: 'Hopper', email: 'grace@cobol.example', phone: '+1 555 0100', company: 'Compiler Corp', jobTitle: 'Head of Engineering' },
  { firstName: 'Alan', lastName: 'Turing', email: 'alan@bletchley.example', phone: null, company: 'Bletchley Systems', jobTitle: 'Founder' },
  { firstName: 'Katherine', lastName: 'Johnson', email: 'katherine@orbit.example', phone: '+1 555 0199', company: 'Orbit Analytics', jobTitle: 'Procurement Lead' },
];

// [title, value, stage name, contact index, expected close]
const DEALS: ReadonlyArray<[string, string, string, number, string]> = [
  ['Analytical Engines: annual licence', '24000.00', 'Proposal', 0, '2027-01-31'],
  ['Compiler Corp: onboarding package', '8500.00', 'Qualification', 1, '2027-02-15'],
  ['Bletchley Systems: pilot', '3200.00', 'Closed Won', 2, '2026-11-01'],
  ['Orbit Analytics: enterprise plan', '56000.00', 'Negotiation', 3, '2026-12-20'],
];

/**
 * Creates the demo tenant, user, pipeline and a little CRM data, all in one transaction.
 * Idempotent: when the demo user exists it changes nothing.
 */
export async function seedDemo(prisma: PrismaClient, passwords: PasswordHasher): Promise<{ created: boolean }> {
  const email = normalizeEmail(DEMO_ACCOUNT.email);
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) return { created: false };
  const passwordHash = await passwords.hash(DEMO_ACCOUNT.password);
  try {
    await prisma.$transaction(async (tx) => {
      const { userId, tenantId } = await createAccount(tx, { ...DEMO_ACCOUNT, email, passwordHash });
      await seedCrmData(tx, tenantId, userId);
    });
    return { created: true };
  } catch (error) {
    // Another process seeded at the same moment: its result stands.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { created: false };
    throw error;
  }
}

async function seedCrmData(tx: Prisma.TransactionClient, tenantId: string, userId: string): Promise<void> {
  const owned = { tenantId, createdById: userId, ownerId: userId };
  const contactIds: string[] = [];
  for (const contact of CONTACTS) {
    const row = await tx.contact.create({
      data: { ...contact, ...owned, searchText: contactSearchText(contact) },
      select: { id: true },
    });
    contactIds.push(row.id);
  }
  const stages = await tx.stage.findMany({ where: { tenantId }, select: { id: true, name: true, pipelineId: true, kind: true } });
  for (const [title, value, stageName, contact, closeDate] of DEALS) {
    const stage = stages.find((candidate) => candidate.name === stageName)!;
    await tx.deal.create({
      data: {
        ...owned,
        title,
        value,
        currency: 'USD',
        expectedCloseDate: new Date(`${closeDate}T00:00:00Z`),
        closedAt: stage.kind === 'OPEN' ? null : new Date(`${closeDate}T12:00:00Z`),
        pipelineId: stage.pipelineId,
        stageId: stage.id,
        contactId: contactIds[contact],
      },
    });
  }
  const tickets: Omit<Prisma.TicketCreateManyInput, 'tenantId' | 'createdById'>[] = [
    { subject: 'Cannot export contacts to CSV', description: 'The export button does nothing in Firefox.', priority: 'HIGH', contactId: contactIds[0] },
    { subject: 'Invoice address change', description: 'Please bill the London office from next month.', priority: 'LOW', contactId: contactIds[1], status: 'IN_PROGRESS' },
    { subject: 'SSO login request', priority: 'MEDIUM', contactId: contactIds[3], status: 'WAITING' },
  ];
  await tx.ticket.createMany({
    data: tickets.map((ticket) => ({ ...ticket, tenantId, createdById: userId, assigneeId: userId })),
  });
}
