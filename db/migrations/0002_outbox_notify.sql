-- Each outbox row announces its id on commit, so instances that did not write it can read and
-- publish it. Only the id crosses the wire (NOTIFY payloads are limited to 8000 bytes).
CREATE OR REPLACE FUNCTION opsdesk_notify_domain_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('opsdesk_events', NEW.id::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER domain_events_notify
  AFTER INSERT ON domain_events
  FOR EACH ROW EXECUTE FUNCTION opsdesk_notify_domain_event();
