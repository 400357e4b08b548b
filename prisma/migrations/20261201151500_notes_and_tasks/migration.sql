-- Notes and tasks (issue 12). Links live on the row (ADR 0047): `links` for output,
-- `linkedRecordIds` with a GIN index for "everything linked to this record".
CREATE TYPE "TaskStatus" AS ENUM ('open', 'done');

CREATE TABLE "Note" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "links" JSONB NOT NULL,
    "linkedRecordIds" UUID[],
    "authorId" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'open',
    "priority" "TicketPriority" NOT NULL DEFAULT 'MEDIUM',
    "assigneeId" UUID,
    "links" JSONB NOT NULL,
    "linkedRecordIds" UUID[],
    "completedAt" TIMESTAMPTZ(3),
    "completedById" UUID,
    "createdById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Note_tenantId_id_key" ON "Note"("tenantId", "id");
CREATE INDEX "Note_tenantId_createdAt_id_idx" ON "Note"("tenantId", "createdAt" DESC, "id" DESC);
CREATE INDEX "Note_linkedRecordIds_idx" ON "Note" USING GIN ("linkedRecordIds");

CREATE UNIQUE INDEX "Task_tenantId_id_key" ON "Task"("tenantId", "id");
CREATE INDEX "Task_tenantId_dueAt_id_idx" ON "Task"("tenantId", "dueAt", "id");
CREATE INDEX "Task_tenantId_status_dueAt_id_idx" ON "Task"("tenantId", "status", "dueAt", "id");
CREATE INDEX "Task_tenantId_assigneeId_status_dueAt_id_idx" ON "Task"("tenantId", "assigneeId", "status", "dueAt", "id");
CREATE INDEX "Task_linkedRecordIds_idx" ON "Task" USING GIN ("linkedRecordIds");

ALTER TABLE "Note" ADD CONSTRAINT "Note_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Note" ADD CONSTRAINT "Note_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Task" ADD CONSTRAINT "Task_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Task" ADD CONSTRAINT "Task_tenantId_assigneeId_fkey" FOREIGN KEY ("tenantId", "assigneeId") REFERENCES "Membership"("tenantId", "userId") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Task" ADD CONSTRAINT "Task_completedById_fkey" FOREIGN KEY ("completedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Task" ADD CONSTRAINT "Task_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
