CREATE TABLE "declared_outages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"from" timestamp with time zone NOT NULL,
	"to" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "declared_outages" ADD CONSTRAINT "declared_outages_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "declared_outages_service_from_idx" ON "declared_outages" USING btree ("service_id","from");--> statement-breakpoint
CREATE UNIQUE INDEX "declared_outages_open_key" ON "declared_outages" USING btree ("incident_id","service_id") WHERE "declared_outages"."to" is null;