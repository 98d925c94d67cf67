CREATE TABLE "access_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"side" text NOT NULL,
	"decision" text NOT NULL,
	"decider_id" uuid NOT NULL,
	"comment" text,
	"door" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_eligibility" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"added_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_policies" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"client_approval" text NOT NULL,
	"max_duration_minutes" integer NOT NULL,
	"pending_timeout_minutes" integer NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"org_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"ticket_id" uuid,
	"other_duty_justification" text,
	"reason" text NOT NULL,
	"scope" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"extends_request_id" uuid,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"client_approval_required" boolean NOT NULL,
	"pending_until" timestamp with time zone NOT NULL,
	"provider_approved_by_id" uuid,
	"client_approved_by_id" uuid,
	"started_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by_id" uuid,
	"close_reason" text,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_uses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"refused_because" text,
	"door" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_decisions" ADD CONSTRAINT "access_decisions_request_id_access_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."access_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_uses" ADD CONSTRAINT "access_uses_request_id_access_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."access_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_decisions_request_side_key" ON "access_decisions" USING btree ("request_id","side");--> statement-breakpoint
CREATE UNIQUE INDEX "access_requests_seq_key" ON "access_requests" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "access_requests_requester_idempotency_key" ON "access_requests" USING btree ("requester_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "access_requests_org_status_idx" ON "access_requests" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "access_requests_ticket_idx" ON "access_requests" USING btree ("ticket_id") WHERE "access_requests"."ticket_id" is not null;--> statement-breakpoint
CREATE INDEX "access_uses_request_idx" ON "access_uses" USING btree ("request_id","created_at");