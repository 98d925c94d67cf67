CREATE TABLE "heartbeats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text NOT NULL,
	"interval_seconds" integer NOT NULL,
	"grace_seconds" integer NOT NULL,
	"secret_hash" text NOT NULL,
	"state" text DEFAULT 'unknown' NOT NULL,
	"last_beat_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "probe_rollups" (
	"probe_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"up_count" integer NOT NULL,
	"latency_sum_ms" bigint NOT NULL,
	"latency_min_ms" integer,
	"latency_max_ms" integer,
	"buckets" integer[] NOT NULL,
	CONSTRAINT "probe_rollups_probe_id_grain_start_pk" PRIMARY KEY("probe_id","grain","start")
);
--> statement-breakpoint
CREATE TABLE "probe_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"probe_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"up" boolean NOT NULL,
	"latency_ms" integer NOT NULL,
	"status_code" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "probes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text NOT NULL,
	"method" text DEFAULT 'GET' NOT NULL,
	"url" text NOT NULL,
	"expected_status" integer DEFAULT 200 NOT NULL,
	"timeout_ms" integer NOT NULL,
	"body_contains" text,
	"interval_seconds" integer NOT NULL,
	"failure_threshold" integer DEFAULT 3 NOT NULL,
	"success_threshold" integer DEFAULT 2 NOT NULL,
	"state" text DEFAULT 'unknown' NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"consecutive_successes" integer DEFAULT 0 NOT NULL,
	"last_checked_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_alarm_matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"source_name" text,
	"alarm_service" text
);
--> statement-breakpoint
CREATE TABLE "service_orgs" (
	"service_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "service_orgs_service_id_org_id_pk" PRIMARY KEY("service_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"all_orgs" boolean DEFAULT true NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "heartbeats" ADD CONSTRAINT "heartbeats_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "probe_rollups" ADD CONSTRAINT "probe_rollups_probe_id_probes_id_fk" FOREIGN KEY ("probe_id") REFERENCES "public"."probes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "probe_samples" ADD CONSTRAINT "probe_samples_probe_id_probes_id_fk" FOREIGN KEY ("probe_id") REFERENCES "public"."probes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "probes" ADD CONSTRAINT "probes_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_alarm_matches" ADD CONSTRAINT "service_alarm_matches_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orgs" ADD CONSTRAINT "service_orgs_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "heartbeats_service_idx" ON "heartbeats" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "probe_rollups_start_idx" ON "probe_rollups" USING btree ("grain","start");--> statement-breakpoint
CREATE INDEX "probe_samples_probe_at_idx" ON "probe_samples" USING btree ("probe_id","at");--> statement-breakpoint
CREATE INDEX "probes_service_idx" ON "probes" USING btree ("service_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_alarm_matches_key" ON "service_alarm_matches" USING btree (coalesce("source_name", ''),coalesce("alarm_service", ''));--> statement-breakpoint
CREATE INDEX "service_alarm_matches_service_idx" ON "service_alarm_matches" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "service_orgs_org_idx" ON "service_orgs" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "services_name_key" ON "services" USING btree ("name") WHERE "services"."archived_at" is null;