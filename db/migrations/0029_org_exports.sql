CREATE TABLE "org_export_chunks" (
	"export_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "org_export_chunks_export_id_seq_pk" PRIMARY KEY("export_id","seq")
);
--> statement-breakpoint
CREATE TABLE "org_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"requested_by_id" uuid,
	"state" text DEFAULT 'queued' NOT NULL,
	"delivery" text DEFAULT 'stored' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"running_on" text,
	"heartbeat_at" timestamp with time zone,
	"kinds_total" integer DEFAULT 0 NOT NULL,
	"kinds_done" integer DEFAULT 0 NOT NULL,
	"rows_done" bigint DEFAULT 0 NOT NULL,
	"manifest" jsonb,
	"size_bytes" bigint,
	"failure" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "org_export_chunks" ADD CONSTRAINT "org_export_chunks_export_id_org_exports_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."org_exports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_exports_org_idx" ON "org_exports" USING btree ("org_id","created_at");