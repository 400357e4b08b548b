-- Deletes move records to a trash (ADR 0040): a row with "deletedAt" set is hidden from
-- every list, get, search and update by the tenant-scope extension, and is hard-deleted
-- by the purge job once it has been in the trash for TRASH_RETENTION_DAYS.
ALTER TABLE "Contact" ADD COLUMN "deletedAt" TIMESTAMPTZ(3);
ALTER TABLE "Lead" ADD COLUMN "deletedAt" TIMESTAMPTZ(3);
ALTER TABLE "Deal" ADD COLUMN "deletedAt" TIMESTAMPTZ(3);
ALTER TABLE "Ticket" ADD COLUMN "deletedAt" TIMESTAMPTZ(3);

-- A trashed contact must not hold its email against a new contact: the unique index
-- covers live rows only. Restoring into a taken email is refused by this same index.
DROP INDEX "Contact_tenantId_email_key";
CREATE UNIQUE INDEX "Contact_tenantId_email_live_key" ON "Contact"("tenantId", "email") WHERE "deletedAt" IS NULL;

-- What the purge job scans: only trashed rows, oldest first.
CREATE INDEX "Contact_trash_idx" ON "Contact"("deletedAt") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "Lead_trash_idx" ON "Lead"("deletedAt") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "Deal_trash_idx" ON "Deal"("deletedAt") WHERE "deletedAt" IS NOT NULL;
CREATE INDEX "Ticket_trash_idx" ON "Ticket"("deletedAt") WHERE "deletedAt" IS NOT NULL;
