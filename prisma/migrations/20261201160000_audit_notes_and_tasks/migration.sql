-- Notes and tasks join the audit trail (ADR 0038) like every other CRM table.
CREATE TRIGGER "Note_audit" AFTER INSERT OR UPDATE OR DELETE ON "Note" FOR EACH ROW EXECUTE FUNCTION synapse_audit_row('note');
CREATE TRIGGER "Task_audit" AFTER INSERT OR UPDATE OR DELETE ON "Task" FOR EACH ROW EXECUTE FUNCTION synapse_audit_row('task');
