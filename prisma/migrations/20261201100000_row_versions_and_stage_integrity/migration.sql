-- Row versions for optimistic concurrency (ADR 0013): every write adds 1 in the same
-- UPDATE, and a conditional write (If-Match, expectedVersion) matches on it.
ALTER TABLE "Contact" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Lead" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Deal" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Ticket" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Pipeline" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Stage" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- A lead keeps at least one of name, company or email. Partial updates by two writers
-- (one clears name, the other company) could otherwise empty a lead that each checked.
-- Fails here, naming the constraint, if a row already breaks the rule.
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_identity_check"
  CHECK ("name" IS NOT NULL OR "company" IS NOT NULL OR "email" IS NOT NULL);

-- Names were documented as unique case-insensitively but only compared exactly, and
-- concurrent checks could both pass. Existing duplicates keep the oldest spelling;
-- later ones get a numbered suffix, so the unique indexes below can be built.
WITH ranked AS (
  SELECT "id", row_number() OVER (PARTITION BY "tenantId", lower("name") ORDER BY "createdAt", "id") AS n
    FROM "Pipeline"
)
UPDATE "Pipeline" p SET "name" = p."name" || ' (' || ranked.n || ')', "version" = p."version" + 1
  FROM ranked WHERE ranked."id" = p."id" AND ranked.n > 1;

WITH ranked AS (
  SELECT "id", row_number() OVER (PARTITION BY "pipelineId", lower("name") ORDER BY "position", "createdAt", "id") AS n
    FROM "Stage"
)
UPDATE "Stage" s SET "name" = s."name" || ' (' || ranked.n || ')', "version" = s."version" + 1
  FROM ranked WHERE ranked."id" = s."id" AND ranked.n > 1;

-- Concurrent "add stage" calls could share a position. Renumber every pipeline densely
-- in its current order (ties broken by age), which changes nothing where there was no tie.
WITH ordered AS (
  SELECT "id", (row_number() OVER (PARTITION BY "pipelineId" ORDER BY "position", "createdAt", "id") - 1)::int AS pos
    FROM "Stage"
)
UPDATE "Stage" s SET "position" = ordered.pos, "version" = s."version" + 1
  FROM ordered WHERE ordered."id" = s."id" AND s."position" <> ordered.pos;

-- The database is the arbiter: one stage per position, one name per pipeline and per workspace.
DROP INDEX "Stage_pipelineId_position_idx";
CREATE UNIQUE INDEX "Stage_pipelineId_position_key" ON "Stage"("pipelineId", "position");

-- Expression indexes: schema.prisma cannot describe them (see the comments there).
DROP INDEX "Pipeline_tenantId_name_key";
CREATE UNIQUE INDEX "Pipeline_tenantId_lower_name_key" ON "Pipeline"("tenantId", lower("name"));
CREATE UNIQUE INDEX "Stage_pipelineId_lower_name_key" ON "Stage"("pipelineId", lower("name"));
