CREATE TABLE "ticket_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"side" text NOT NULL,
	"body" text NOT NULL,
	"door" text NOT NULL,
	"external_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_counters" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_sla_targets" (
	"org_id" uuid NOT NULL,
	"severity" text NOT NULL,
	"minutes" integer,
	"clock" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_sla_targets_org_id_severity_pk" PRIMARY KEY("org_id","severity")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"org_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'RECEIVED' NOT NULL,
	"initiator_id" uuid NOT NULL,
	"assignee_id" uuid,
	"severity" text,
	"severity_agreed_at" timestamp with time zone,
	"proposed_severity" text,
	"proposed_by_side" text,
	"proposed_by_id" uuid,
	"sla_due_at" timestamp with time zone,
	"sla_warned_at" timestamp with time zone,
	"sla_breached_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_comments" ADD CONSTRAINT "ticket_comments_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_comments_ticket_idx" ON "ticket_comments" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_comments_external_key" ON "ticket_comments" USING btree ("ticket_id","external_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_key_key" ON "tickets" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_org_number_key" ON "tickets" USING btree ("org_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_org_idempotency_key" ON "tickets" USING btree ("org_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_seq_key" ON "tickets" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "tickets_org_status_idx" ON "tickets" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "tickets_assignee_idx" ON "tickets" USING btree ("assignee_id") WHERE "tickets"."assignee_id" is not null;