DROP INDEX "people_email_key";--> statement-breakpoint
CREATE INDEX "people_email_idx" ON "people" USING btree ("email");