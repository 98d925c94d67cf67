CREATE TABLE "slack_cards" (
	"card_key" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"ts" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slack_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" bigint,
	"kind" text NOT NULL,
	"channel" text,
	"card_key" text,
	"thread_of" text,
	"body" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "domain_events" ADD COLUMN "notified_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "slack_cards_message" ON "slack_cards" USING btree ("channel","ts");--> statement-breakpoint
CREATE INDEX "slack_outbox_pending_idx" ON "slack_outbox" USING btree ("id") WHERE "slack_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "domain_events_unnotified_idx" ON "domain_events" USING btree ("id") WHERE "domain_events"."notified_at" is null;--> statement-breakpoint
-- Events from before the notifier existed have nothing to send.
UPDATE "domain_events" SET "notified_at" = "created_at";