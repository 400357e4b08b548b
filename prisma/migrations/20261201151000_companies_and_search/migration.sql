-- Companies (ADR 0044), trigram indexes for the one search (ADR 0045), and the move of the
-- free-text Contact.company into Company records.

-- CreateTable
CREATE TABLE "Company" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT,
    "industry" TEXT,
    "employeeCount" INTEGER,
    "website" TEXT,
    "phone" TEXT,
    "ownerId" UUID,
    "createdById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Company_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "companyId" UUID;
ALTER TABLE "Deal" ADD COLUMN "companyId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "Company_tenantId_id_key" ON "Company"("tenantId", "id");
CREATE INDEX "Company_tenantId_createdAt_id_idx" ON "Company"("tenantId", "createdAt" DESC, "id" DESC);
CREATE INDEX "Company_tenantId_updatedAt_id_idx" ON "Company"("tenantId", "updatedAt" DESC, "id" DESC);
CREATE INDEX "Company_tenantId_name_id_idx" ON "Company"("tenantId", "name", "id");
CREATE INDEX "Company_tenantId_ownerId_idx" ON "Company"("tenantId", "ownerId");
CREATE INDEX "Company_name_idx" ON "Company" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "Company_domain_idx" ON "Company" USING GIN ("domain" gin_trgm_ops);
-- A domain names one live company per workspace; a company in the trash frees its domain.
-- lower() keeps rows written around the service (imports, manual SQL) case-insensitive too.
CREATE UNIQUE INDEX "Company_tenantId_lower_domain_key" ON "Company"("tenantId", lower("domain")) WHERE "deletedAt" IS NULL;
CREATE INDEX "Contact_tenantId_companyId_idx" ON "Contact"("tenantId", "companyId");
CREATE INDEX "Deal_tenantId_companyId_idx" ON "Deal"("tenantId", "companyId");
CREATE INDEX "Lead_name_idx" ON "Lead" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "Lead_company_idx" ON "Lead" USING GIN ("company" gin_trgm_ops);
CREATE INDEX "Lead_email_idx" ON "Lead" USING GIN ("email" gin_trgm_ops);
CREATE INDEX "Ticket_subject_idx" ON "Ticket" USING GIN ("subject" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "Company" ADD CONSTRAINT "Company_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Company" ADD CONSTRAINT "Company_tenantId_ownerId_fkey" FOREIGN KEY ("tenantId", "ownerId") REFERENCES "Membership"("tenantId", "userId") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Company" ADD CONSTRAINT "Company_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_tenantId_companyId_fkey" FOREIGN KEY ("tenantId", "companyId") REFERENCES "Company"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Deal" ADD CONSTRAINT "Deal_tenantId_companyId_fkey" FOREIGN KEY ("tenantId", "companyId") REFERENCES "Company"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Data: every distinct free-text company of a workspace becomes one Company. Labels are
-- matched case-insensitively after trimming whitespace; the company takes the spelling most
-- contacts used (ties: the earliest contact's), and its creator is whoever created the
-- earliest contact with that label. The text stays on the contacts (ADR 0044): nothing is lost.
WITH labels AS (
    SELECT "tenantId", btrim("company", E' \t\r\n') AS label, "createdById", "createdAt", "id"
      FROM "Contact"
     WHERE btrim(coalesce("company", ''), E' \t\r\n') <> ''
), spellings AS (
    SELECT "tenantId", lower(label) AS key, label, count(*) AS uses, min("createdAt") AS first_used
      FROM labels GROUP BY "tenantId", lower(label), label
), chosen AS (
    SELECT DISTINCT ON ("tenantId", key) "tenantId", key, label
      FROM spellings ORDER BY "tenantId", key, uses DESC, first_used, label
), creators AS (
    SELECT DISTINCT ON ("tenantId", lower(label)) "tenantId", lower(label) AS key, "createdById"
      FROM labels ORDER BY "tenantId", lower(label), "createdAt", "id"
)
INSERT INTO "Company" ("id", "tenantId", "name", "createdById", "createdAt", "updatedAt")
SELECT gen_random_uuid(), chosen."tenantId", chosen.label, creators."createdById", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
  FROM chosen JOIN creators ON creators."tenantId" = chosen."tenantId" AND creators.key = chosen.key;

-- Link each contact to its company; the version moves because the contact's answer changed.
UPDATE "Contact" AS contact
   SET "companyId" = company."id", "version" = contact."version" + 1
  FROM "Company" AS company
 WHERE company."tenantId" = contact."tenantId"
   AND lower(company."name") = lower(btrim(contact."company", E' \t\r\n'));

-- Companies are audited like every CRM table (ADR 0038). Added after the data steps above:
-- the migration's own inserts and links are not changes anyone made.
CREATE TRIGGER "Company_audit" AFTER INSERT OR UPDATE OR DELETE ON "Company" FOR EACH ROW EXECUTE FUNCTION synapse_audit_row('company');
