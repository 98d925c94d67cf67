/** What the ticket resolvers return for each GraphQL type (codegen mappers). */
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { ResolutionClockView, TicketNoteView, TicketRow, TicketSearchHit } from '../../../core/tickets/index.ts';

export type TicketModel = TicketRow;
export type TicketEventModel = DomainEvent;
export interface PersonRefModel {
  id: string;
  name: string;
}
export interface TicketCommentModel {
  id: string;
  authorId: string;
  authorName: string;
  side: 'client' | 'provider';
  body: string;
  door: string;
  createdAt: Date;
}
export interface SeverityProposalModel {
  severity: NonNullable<TicketRow['proposedSeverity']>;
  by: 'client' | 'provider';
  awaiting: 'client' | 'provider';
  proposedById: string | null;
}
export interface SlaTargetModel {
  orgId: string;
  severity: NonNullable<TicketRow['severity']>;
  minutes: number | null;
  clock: 'working' | 'continuous';
}
/** An internal note, as listTicketNotes reads it (provider staff only). */
export type TicketNoteModel = TicketNoteView;
export type ResolutionTargetModel = SlaTargetModel;
export type ResolutionClockModel = ResolutionClockView;
export type TicketSearchHitModel = TicketSearchHit;
export const ticketSearchFieldEnum = { TITLE: 'title', KEY: 'key', DESCRIPTION: 'description', COMMENT: 'comment' } as const;
