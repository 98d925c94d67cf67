CREATE TABLE "event_cursors" (
	"consumer" text PRIMARY KEY NOT NULL,
	"done" "pg_snapshot" NOT NULL,
	"upto" "pg_snapshot",
	"tx_id" "xid8",
	"event_id" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "domain_events" ADD COLUMN "tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "domain_events_position_idx" ON "domain_events" USING btree ("tx_id","id");