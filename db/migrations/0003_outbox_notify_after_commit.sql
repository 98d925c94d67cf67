-- NOTIFY inside a transaction takes a cluster-wide lock from the start of its commit to the end
-- (WAL flush included), so every org's commands queued behind each other there. Instances now
-- announce outbox ids after commit instead (core/events/postgres-bus.ts), with a periodic read
-- of recent outbox ids as the safety net for an announcement that never went out.
DROP TRIGGER IF EXISTS domain_events_notify ON domain_events;
--> statement-breakpoint
DROP FUNCTION IF EXISTS opsdesk_notify_domain_event();
