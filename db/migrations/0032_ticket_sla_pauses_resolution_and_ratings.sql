CREATE TABLE "ticket_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"rater_id" uuid NOT NULL,
	"score" smallint NOT NULL,
	"comment" text,
	"door" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_resolution_clocks" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"minutes" integer NOT NULL,
	"clock" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"warn_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"paused_at" timestamp with time zone,
	"paused_minutes" integer DEFAULT 0 NOT NULL,
	"warned_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"met_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticket_resolution_targets" (
	"org_id" uuid NOT NULL,
	"severity" text NOT NULL,
	"minutes" integer,
	"clock" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_resolution_targets_org_id_severity_pk" PRIMARY KEY("org_id","severity")
);
--> statement-breakpoint
CREATE TABLE "ticket_sla_pauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"paused_at" timestamp with time zone NOT NULL,
	"resumed_at" timestamp with time zone,
	"paused_minutes" integer
);
--> statement-breakpoint
ALTER TABLE "ticket_ratings" ADD CONSTRAINT "ticket_ratings_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_resolution_clocks" ADD CONSTRAINT "ticket_resolution_clocks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_pauses" ADD CONSTRAINT "ticket_sla_pauses_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_ratings_closure_key" ON "ticket_ratings" USING btree ("ticket_id","closed_at");--> statement-breakpoint
CREATE INDEX "ticket_ratings_org_closed_idx" ON "ticket_ratings" USING btree ("org_id","closed_at");--> statement-breakpoint
CREATE INDEX "ticket_sla_pauses_ticket_idx" ON "ticket_sla_pauses" USING btree ("ticket_id","paused_at");