CREATE TABLE "alarm_routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid,
	"service" text,
	"policy_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alarm_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alarms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"summary" text NOT NULL,
	"severity" text NOT NULL,
	"service" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'TRIGGERED' NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"triggered_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"escalation" jsonb NOT NULL,
	"escalation_step" integer DEFAULT 0 NOT NULL,
	"paged" text[] DEFAULT '{}'::text[] NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_by_name" text,
	"acknowledged_at" timestamp with time zone,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"root_cause" text,
	"disaster_recovery_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disaster_recovery_contacts" (
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disaster_recovery_contacts_person_id_pk" PRIMARY KEY("person_id")
);
--> statement-breakpoint
CREATE TABLE "escalation_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"steps" jsonb NOT NULL,
	"repeat" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oncall_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oncall_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"start_date" text NOT NULL,
	"handoff_time" text NOT NULL,
	"shift_days" integer NOT NULL,
	"members" uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alarm_routes" ADD CONSTRAINT "alarm_routes_source_id_alarm_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."alarm_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_routes" ADD CONSTRAINT "alarm_routes_policy_id_escalation_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_source_id_alarm_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."alarm_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_overrides" ADD CONSTRAINT "oncall_overrides_schedule_id_oncall_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."oncall_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alarm_routes_match_key" ON "alarm_routes" USING btree (coalesce("source_id"::text, ''),coalesce("service", ''));--> statement-breakpoint
CREATE UNIQUE INDEX "alarm_sources_name_key" ON "alarm_sources" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "alarms_open_fingerprint_key" ON "alarms" USING btree ("source_id","fingerprint") WHERE "alarms"."state" <> 'RESOLVED';--> statement-breakpoint
CREATE INDEX "alarms_triggered_idx" ON "alarms" USING btree ("triggered_at");--> statement-breakpoint
CREATE INDEX "alarms_follow_up_idx" ON "alarms" USING btree ("resolved_at") WHERE "alarms"."state" = 'RESOLVED' and "alarms"."root_cause" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_policies_name_key" ON "escalation_policies" USING btree ("name");--> statement-breakpoint
CREATE INDEX "oncall_overrides_schedule_idx" ON "oncall_overrides" USING btree ("schedule_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "oncall_schedules_name_key" ON "oncall_schedules" USING btree ("name");