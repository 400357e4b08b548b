-- The audit trail (ADR 0038): every change to a CRM record, written by the database in the
-- same transaction as the change, attributed from the transaction's context.

-- CreateTable
CREATE TABLE "AuditChange" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "seq" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "changeSetId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorUserId" UUID,
    "credentialKind" TEXT,
    "apiKeyId" UUID,
    "oauthClientId" TEXT,
    "channel" TEXT NOT NULL,
    "transport" TEXT,
    "toolName" TEXT,
    "clientName" TEXT,
    "clientVersion" TEXT,
    "requestId" TEXT,
    "recordKind" TEXT NOT NULL,
    "recordId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "undoOfChangeSetId" UUID,

    CONSTRAINT "AuditChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditChange_changeSetId_recordId_key" ON "AuditChange"("changeSetId", "recordId");
CREATE UNIQUE INDEX "AuditChange_seq_key" ON "AuditChange"("seq");
CREATE INDEX "AuditChange_tenantId_recordId_seq_idx" ON "AuditChange"("tenantId", "recordId", "seq" DESC);
CREATE INDEX "AuditChange_tenantId_seq_idx" ON "AuditChange"("tenantId", "seq" DESC);
CREATE INDEX "AuditChange_tenantId_actorUserId_seq_idx" ON "AuditChange"("tenantId", "actorUserId", "seq" DESC);
CREATE INDEX "AuditChange_tenantId_changeSetId_idx" ON "AuditChange"("tenantId", "changeSetId");
CREATE INDEX "AuditChange_undoOfChangeSetId_idx" ON "AuditChange"("undoOfChangeSetId");
CREATE INDEX "AuditChange_occurredAt_idx" ON "AuditChange"("occurredAt");

-- Records one row change. The context is what TenantDb.write set for this transaction
-- (synapse.change); writes without one (migrations, seeds) are recorded as channel 'system'.
-- Several statements on one record in one transaction merge into one change: the first
-- values before, the last values after.
CREATE FUNCTION synapse_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  context jsonb := nullif(current_setting('synapse.change', true), '')::jsonb;
  -- Bookkeeping columns: never a change of their own, never written back by an undo.
  bookkeeping text[] := ARRAY['id', 'tenantId', 'version', 'createdAt', 'updatedAt'];
  old_row jsonb;
  new_row jsonb;
  before_values jsonb;
  after_values jsonb;
  change_action text;
  row_id uuid;
  row_tenant uuid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    new_row := to_jsonb(NEW);
    change_action := 'create';
    after_values := new_row - bookkeeping;
    row_id := NEW.id;
    row_tenant := NEW."tenantId";
  ELSIF TG_OP = 'UPDATE' THEN
    old_row := to_jsonb(OLD);
    new_row := to_jsonb(NEW);
    SELECT jsonb_object_agg(old_field.key, old_field.value), jsonb_object_agg(old_field.key, new_row -> old_field.key)
      INTO before_values, after_values
      FROM jsonb_each(old_row) AS old_field
      WHERE old_field.key <> ALL (bookkeeping) AND (new_row -> old_field.key) IS DISTINCT FROM old_field.value;
    IF before_values IS NULL THEN
      RETURN NULL;
    END IF;
    change_action := CASE
      WHEN before_values ? 'deletedAt' AND after_values ->> 'deletedAt' IS NOT NULL THEN 'delete'
      WHEN before_values ? 'deletedAt' THEN 'restore'
      ELSE 'update'
    END;
    row_id := NEW.id;
    row_tenant := NEW."tenantId";
  ELSE
    -- A purge erases the record for good: the earlier changes keep which fields changed, not their values.
    change_action := 'purge';
    row_id := OLD.id;
    row_tenant := OLD."tenantId";
    UPDATE "AuditChange"
       SET "before" = (SELECT jsonb_object_agg(field, NULL) FROM jsonb_object_keys("before") AS field),
           "after" = (SELECT jsonb_object_agg(field, NULL) FROM jsonb_object_keys("after") AS field)
     WHERE "tenantId" = row_tenant AND "recordId" = row_id;
  END IF;

  INSERT INTO "AuditChange" AS change (
    "tenantId", "changeSetId", "actorUserId", "credentialKind", "apiKeyId", "oauthClientId",
    "channel", "transport", "toolName", "clientName", "clientVersion", "requestId",
    "recordKind", "recordId", "action", "before", "after", "undoOfChangeSetId"
  ) VALUES (
    row_tenant,
    -- Without a context, one change set per transaction all the same.
    coalesce((context ->> 'changeSetId')::uuid, md5('synapse-system-' || txid_current()::text)::uuid),
    (context ->> 'actorUserId')::uuid,
    coalesce(context ->> 'credentialKind', 'system'),
    (context ->> 'apiKeyId')::uuid,
    context ->> 'oauthClientId',
    coalesce(context ->> 'channel', 'system'),
    context ->> 'transport',
    context ->> 'toolName',
    context ->> 'clientName',
    context ->> 'clientVersion',
    context ->> 'requestId',
    TG_ARGV[0],
    row_id,
    change_action,
    before_values,
    after_values,
    (context ->> 'undoOfChangeSetId')::uuid
  )
  ON CONFLICT ("changeSetId", "recordId") DO UPDATE SET
    "action" = CASE WHEN change."action" = 'update' THEN excluded."action" ELSE change."action" END,
    "before" = CASE
      WHEN change."action" = 'create' THEN NULL
      ELSE coalesce(excluded."before", '{}'::jsonb) || coalesce(change."before", '{}'::jsonb)
    END,
    "after" = CASE
      WHEN excluded."action" = 'purge' THEN NULL
      ELSE coalesce(change."after", '{}'::jsonb) || coalesce(excluded."after", '{}'::jsonb)
    END;
  RETURN NULL;
END;
$$;

-- Append-only: rows change only through the audit trigger itself (merging a transaction's
-- statements, erasing a purged record's values), and are deleted only by the retention job.
CREATE FUNCTION synapse_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND current_setting('synapse.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'The audit trail is append-only: % on "AuditChange" is refused.', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditChange_append_only"
  BEFORE UPDATE OR DELETE ON "AuditChange"
  FOR EACH ROW EXECUTE FUNCTION synapse_audit_append_only();

-- TRUNCATE bypasses row triggers: refuse it too.
CREATE FUNCTION synapse_audit_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The audit trail is append-only: TRUNCATE on "AuditChange" is refused.'
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditChange_no_truncate"
  BEFORE TRUNCATE ON "AuditChange"
  FOR EACH STATEMENT EXECUTE FUNCTION synapse_audit_no_truncate();

-- The audited tables; the argument is the record kind the audit trail names.
CREATE TRIGGER "Contact_audit" AFTER INSERT OR UPDATE OR DELETE ON "Contact" FOR EACH ROW EXECUTE FUNCTION synapse_audit_row('contact');
CREATE TRIGGER "Lead_audit" AFTER INSERT OR UPDATE OR DELETE ON "Lead" FOR EACH ROW EXECUTE FUNCTION synapse_audit_row('lead');
CREATE TRIGGER "Deal_audit" AFTER INSERT OR UPDATE OR DELETE ON "Deal" FOR EACH ROW EXECUTE FUNCTION synapse_audit_row('deal');
CREATE TRIGGER "Ticket_audit" AFTER INSERT OR UPDATE OR DELETE ON "Ticket" FOR EACH ROW EXECUTE FUNCTION synapse_audit_row('ticket');
CREATE TRIGGER "Pipeline_audit" AFTER INSERT OR UPDATE OR DELETE ON "Pipeline" FOR EACH ROW EXECUTE FUNCTION synapse_audit_row('pipeline');
CREATE TRIGGER "Stage_audit" AFTER INSERT OR UPDATE OR DELETE ON "Stage" FOR EACH ROW EXECUTE FUNCTION synapse_audit_row('stage');
