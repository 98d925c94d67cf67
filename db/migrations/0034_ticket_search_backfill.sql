-- Every ticket opened before search existed gets its document: key and title (A), description (B)
-- and its comments in the order they were written (C), up to the same 800,000 bytes of text that
-- core/tickets/internal/search-index.ts folds in as tickets are written.
INSERT INTO "ticket_search_documents" ("ticket_id", "document", "indexed_bytes")
SELECT t."id",
  setweight(to_tsvector('simple', t."key"), 'A')
    || setweight(to_tsvector('simple', t."title"), 'A')
    || setweight(to_tsvector('simple', t."description"), 'B')
    || coalesce(setweight(to_tsvector('simple', folded."bodies"), 'C'), ''::tsvector),
  octet_length(t."key") + octet_length(t."title") + octet_length(t."description") + coalesce(folded."bytes", 0)
FROM "tickets" t
LEFT JOIN (
  SELECT c."ticket_id", string_agg(c."body", E'\n' ORDER BY c."created_at", c."id") AS "bodies", sum(octet_length(c."body"))::int AS "bytes"
  FROM (
    SELECT "ticket_id", "body", "created_at", "id",
      sum(octet_length("body")) OVER (PARTITION BY "ticket_id" ORDER BY "created_at", "id") AS "running"
    FROM "ticket_comments"
  ) c
  JOIN "tickets" owner ON owner."id" = c."ticket_id"
  WHERE c."running" + octet_length(owner."key") + octet_length(owner."title") + octet_length(owner."description") <= 800000
  GROUP BY c."ticket_id"
) folded ON folded."ticket_id" = t."id"
ON CONFLICT ("ticket_id") DO NOTHING;
