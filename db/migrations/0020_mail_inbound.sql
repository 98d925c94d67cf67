CREATE TABLE "mail_messages" (
	"message_id" text PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"outcome" text NOT NULL,
	"ticket_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_quarantine" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" text NOT NULL,
	"source" text NOT NULL,
	"sender" text NOT NULL,
	"sender_name" text,
	"subject" text NOT NULL,
	"reason" text NOT NULL,
	"text" text NOT NULL,
	"attachments" jsonb NOT NULL,
	"size" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'HELD' NOT NULL,
	"resolved_by_id" uuid,
	"resolved_at" timestamp with time zone,
	"ticket_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_quarantine" ADD CONSTRAINT "mail_quarantine_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_messages_ticket_idx" ON "mail_messages" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_quarantine_message_key" ON "mail_quarantine" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "mail_quarantine_status_idx" ON "mail_quarantine" USING btree ("status","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_sources_name_key" ON "mail_sources" USING btree ("name");