-- The audit trail is append-only in the database itself: whatever the application does,
-- UPDATE, DELETE and TRUNCATE on audit_events are refused. (ISO-27001 A.12.4: protection of log information.)
CREATE OR REPLACE FUNCTION opsdesk_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_refuse_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION opsdesk_refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_refuse_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_refuse_audit_change();
