-- The Slack notifier's progress moves from domain_events.notified_at to its own cursor (see
-- core/events/consumer.ts). Every event recorded before 0015 carries 0015's transaction id M. If some
-- were not taken in yet, the cursor is inside the window of M: done before M, up to M, taken in up to
-- the event before the first one waiting. Otherwise every transaction up to M is done.
WITH m AS (
  SELECT coalesce((SELECT tx_id FROM "domain_events" ORDER BY tx_id DESC LIMIT 1), pg_current_xact_id())::text AS xid
), waiting AS (
  SELECT min(id) AS first_id FROM "domain_events" WHERE "notified_at" IS NULL
)
INSERT INTO "event_cursors" ("consumer", "done", "upto", "tx_id", "event_id")
SELECT
  'slack',
  CASE WHEN waiting.first_id IS NULL
    THEN ((m.xid::numeric + 1)::text || ':' || (m.xid::numeric + 1)::text || ':')::pg_snapshot
    ELSE (m.xid || ':' || m.xid || ':')::pg_snapshot END,
  CASE WHEN waiting.first_id IS NULL THEN NULL
    ELSE ((m.xid::numeric + 1)::text || ':' || (m.xid::numeric + 1)::text || ':')::pg_snapshot END,
  CASE WHEN waiting.first_id IS NULL THEN NULL ELSE m.xid::xid8 END,
  CASE WHEN waiting.first_id IS NULL THEN NULL ELSE waiting.first_id - 1 END
FROM m, waiting
ON CONFLICT ("consumer") DO NOTHING;
