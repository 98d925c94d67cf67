/**
 * Followers of a client org's tickets: a person of the org who wants to hear of every ticket of it,
 * not only the ones they opened (the solution owner who keeps an eye on what their colleagues
 * report). They are told of each ticket as its initiator is (received, awaiting a reply, resolved,
 * closure reminders, severity proposals), on their channel choice for ticket updates: by email when
 * Slack does not reach them (people in Slack see the tickets in the org's shared channel already).
 * The person follows or stops following, and so do the org's admins for them.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { memberships, orgs } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import { PersonEvents } from './events.ts';
import { holdsARole } from './internal/identity.ts';
import { isUuid, uuidSchema } from './model.ts';
import { directoryPolicy, personSettingsPolicy } from './policy.ts';

export interface TicketFollowing {
  personId: string;
  orgId: string;
  follows: boolean;
}

/** The person's membership of the org and the org's kind, or undefined. */
async function membershipOf(db: Queryable, personId: string, orgId: string): Promise<{ follows: boolean; orgKind: 'provider' | 'client' } | undefined> {
  const [row] = await db
    .select({ follows: memberships.followsTickets, orgKind: orgs.kind })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.personId, personId), eq(memberships.orgId, orgId)));
  return row;
}

export const followTickets = defineCommand({
  name: 'followTickets',
  input: z.object({ personId: uuidSchema, orgId: uuidSchema, follows: z.boolean() }),
  async run(ctx, input): Promise<TicketFollowing> {
    const membership = await membershipOf(ctx.tx, input.personId, input.orgId);
    const holder = { personId: input.personId, orgs: membership ? [{ id: input.orgId, kind: membership.orgKind }] : [], asked: 'person' as const };
    personSettingsPolicy.authorize(ctx.actor, 'notifications.choose', holder);
    if (!membership) throw new OpsdeskError('NOT_FOUND', 'person not found');
    if (membership.orgKind !== 'client') throw new OpsdeskError('INVALID_INPUT', "only a client organisation's tickets are followed (the provider's staff see every ticket)");
    if (membership.follows === input.follows) return { ...input };
    await ctx.tx
      .update(memberships)
      .set({ followsTickets: input.follows })
      .where(and(eq(memberships.personId, input.personId), eq(memberships.orgId, input.orgId)));
    await ctx.record(PersonEvents.ticketsFollowed({ orgId: input.orgId, personId: input.personId }, { follows: input.follows }));
    return { ...input };
  },
});

/** Whether the person follows the org's tickets: for the person and the org's admins; null for anyone else. */
export const followsTickets = defineQuery({
  name: 'followsTickets',
  input: z.object({ personId: z.string().max(100), orgId: z.string().max(100) }),
  async run({ db, actor }, { personId, orgId }): Promise<boolean | null> {
    if (!isUuid(personId) || !isUuid(orgId)) return null;
    const membership = await membershipOf(db, personId, orgId);
    if (!membership) return null;
    const holder = { personId, orgs: [{ id: orgId, kind: membership.orgKind }], asked: 'person' as const };
    return personSettingsPolicy.may(actor, 'notifications.read', holder) ? membership.follows : null;
  },
});

/** The people who follow an org's tickets and still hold a role in it: for opsdesk's own doors (the email door). */
export const ticketFollowers = defineQuery({
  name: 'ticketFollowers',
  input: z.object({ orgId: z.string().max(100) }),
  async run({ db, actor }, { orgId }): Promise<string[]> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    if (!isUuid(orgId)) return [];
    const rows = await db
      .select({ personId: memberships.personId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.followsTickets, true), holdsARole))
      .orderBy(memberships.createdAt);
    return rows.map((r) => r.personId);
  },
});
