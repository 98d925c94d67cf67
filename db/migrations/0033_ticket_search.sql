CREATE TABLE "ticket_search_documents" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"document" "tsvector" NOT NULL,
	"indexed_bytes" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_search_documents" ADD CONSTRAINT "ticket_search_documents_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_search_documents_document_idx" ON "ticket_search_documents" USING gin ("document");