ALTER TABLE "slack_outbox" ADD COLUMN "page" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "slack_outbox" ADD COLUMN "late_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "slack_outbox_pending_lane_idx" ON "slack_outbox" USING btree ("channel","id") WHERE "slack_outbox"."status" = 'pending';