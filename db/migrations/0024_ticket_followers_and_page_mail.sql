ALTER TABLE "memberships" ADD COLUMN "follows_tickets" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "subject" text;