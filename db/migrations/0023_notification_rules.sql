CREATE TABLE "alarm_pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alarm_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"escalation_step" integer NOT NULL,
	"rule" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"failed_at" timestamp with time zone,
	"failure" text
);
--> statement-breakpoint
CREATE TABLE "notification_rules" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"steps" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "alarm_pages_alarm_idx" ON "alarm_pages" USING btree ("alarm_id","sent_at");