DROP INDEX "domain_events_unnotified_idx";--> statement-breakpoint
ALTER TABLE "domain_events" DROP COLUMN "notified_at";