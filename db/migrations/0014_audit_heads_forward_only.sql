-- A chain head only moves forward, in the database itself: deleting a head would hide its chain from
-- a verify that starts from the heads, and moving it back would hide the events cut off its tail.
-- An UPDATE that changes nothing passes, so that the append's first statement can create or lock a
-- head (INSERT ... ON CONFLICT DO UPDATE) without moving it; the second moves seq and hash together.
-- The WHEN clause decides without calling the function: the append pays no PL/pgSQL call.
CREATE OR REPLACE FUNCTION opsdesk_refuse_audit_head_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_chain_heads only moves forward: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_forward_only
  BEFORE UPDATE ON audit_chain_heads
  FOR EACH ROW
  WHEN (NEW.chain_id <> OLD.chain_id OR NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash <> OLD.hash))
  EXECUTE FUNCTION opsdesk_refuse_audit_head_change();
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_refuse_delete
  BEFORE DELETE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION opsdesk_refuse_audit_head_change();
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_refuse_truncate
  BEFORE TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_refuse_audit_head_change();
