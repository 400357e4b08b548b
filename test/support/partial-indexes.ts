/**
 * Partial indexes (WHERE ...), which schema.prisma cannot describe: the schema comments
 * name them, and this list is their half of the schema-agreement check, in the
 * vocabulary of schema-introspection.ts. Unique indexes over live rows let a trashed
 * record keep its value without blocking a new record (ADR 0040).
 */
export const PARTIAL_INDEXES: readonly string[] = [
  'unique index Contact.Contact_tenantId_email_live_key (tenantId, email) WHERE ("deletedAt" IS NULL)',
  'index Contact.Contact_trash_idx (deletedAt) WHERE ("deletedAt" IS NOT NULL)',
  'index Lead.Lead_trash_idx (deletedAt) WHERE ("deletedAt" IS NOT NULL)',
  'index Deal.Deal_trash_idx (deletedAt) WHERE ("deletedAt" IS NOT NULL)',
  'index Ticket.Ticket_trash_idx (deletedAt) WHERE ("deletedAt" IS NOT NULL)',
];
