ALTER TABLE "api_tokens" ADD COLUMN "kind" text DEFAULT 'api' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "parent_token_id" uuid;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "idle_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "api_tokens_parent_idx" ON "api_tokens" USING btree ("parent_token_id") WHERE "api_tokens"."parent_token_id" is not null;