-- A chain head only moves forward, in the database itself: deleting a head would hide its chain from
-- a verify that starts from the heads, and moving it back would hide the events cut off its tail.
-- An UPDATE that changes nothing passes, so that the append's first statement can create or lock a
-- head (INSERT ... ON CONFLICT DO UPDATE) without moving it; the second moves seq and hash together.
CREATE OR REPLACE FUNCTION opsdesk_audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.chain_id = OLD.chain_id
     AND (NEW.seq > OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash = OLD.hash)) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_chain_heads only moves forward: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_forward_only
  BEFORE UPDATE OR DELETE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION opsdesk_audit_head_forward_only();
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_refuse_truncate
  BEFORE TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION opsdesk_audit_head_forward_only();
