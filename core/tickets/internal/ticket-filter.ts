/**
 * The filter of a ticket list, shared by the queue (`listTickets`) and search (`searchTickets`): its
 * input fields, and its conditions together with the actor's visibility (a client's own orgs only;
 * provider staff every org). An org or assignee that is not an id, or an actor who sees no org,
 * matches nothing: such a list reads as empty, like an org without tickets.
 */
import { eq, gte, inArray, isNotNull, isNull, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { tickets } from '../../../db/schema.ts';
import type { Actor } from '../../actor.ts';
import { isUuid } from '../../directory/index.ts';
import { instantSchema } from '../../input.ts';
import { memberOrgIds, seesEveryOrg } from '../../policy.ts';
import { SEVERITIES, TICKET_STATUSES } from '../model.ts';

const idInput = z.string().max(100);

export const ticketFilterFields = {
  orgId: idInput.optional(),
  status: z.array(z.enum(TICKET_STATUSES)).optional(),
  severity: z.array(z.enum(SEVERITIES)).optional(),
  assigneeId: idInput.optional(),
  slaBreached: z.boolean().optional(),
  /** Opened at or after this instant. */
  openedFrom: instantSchema.optional(),
  /** Opened before this instant. */
  openedBefore: instantSchema.optional(),
};

const filterSchema = z.object(ticketFilterFields);
export type TicketFilter = z.infer<typeof filterSchema>;

/** The conditions of the actor's visible tickets that pass the filter; undefined: nothing can match. */
export function ticketConditions(actor: Actor, filter: TicketFilter): SQL[] | undefined {
  const where: SQL[] = [];
  if (!seesEveryOrg(actor)) {
    const visible = memberOrgIds(actor);
    if (visible.length === 0) return undefined;
    where.push(inArray(tickets.orgId, visible));
  }
  if (filter.orgId) {
    if (!isUuid(filter.orgId)) return undefined;
    where.push(eq(tickets.orgId, filter.orgId));
  }
  if (filter.status?.length) where.push(inArray(tickets.status, filter.status));
  if (filter.severity?.length) where.push(inArray(tickets.severity, filter.severity));
  if (filter.assigneeId) {
    if (!isUuid(filter.assigneeId)) return undefined;
    where.push(eq(tickets.assigneeId, filter.assigneeId));
  }
  if (filter.slaBreached !== undefined) where.push(filter.slaBreached ? isNotNull(tickets.slaBreachedAt) : isNull(tickets.slaBreachedAt));
  if (filter.openedFrom) where.push(gte(tickets.createdAt, filter.openedFrom));
  if (filter.openedBefore) where.push(lt(tickets.createdAt, filter.openedBefore));
  return where;
}
