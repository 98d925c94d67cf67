/**
 * How each person is told: per kind of message (`ticket` updates, `access` requests and decisions,
 * `audit` checkpoints) Slack, email or both. Announcements are not a choice: the seed sends them by
 * email to every recipient. Without a choice of their own a person gets the default:
 *
 * | kind     | a person Slack reaches | a person without a linked Slack identity |
 * | -------- | ---------------------- | ---------------------------------------- |
 * | `ticket` | Slack                  | email                                    |
 * | `access` | both                   | email                                    |
 * | `audit`  | both                   | email                                    |
 *
 * A choice of Slack alone by a person Slack does not reach (no linked identity) is told by email:
 * nobody is left without a channel.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { notificationChoices, slackIdentities } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { defineQuery } from '../query.ts';
import { PersonEvents } from './events.ts';
import { loadMemberships } from './internal/identity.ts';
import { isUuid, uuidSchema } from './model.ts';
import { personSettingsPolicy, type TokenHolder } from './policy.ts';

export const NOTIFICATION_KINDS = ['ticket', 'access', 'audit'] as const;
export const NOTIFICATION_CHANNELS = ['slack', 'email', 'both'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type NotificationChannels = (typeof NOTIFICATION_CHANNELS)[number];

const DEFAULT_IN_SLACK: Record<NotificationKind, NotificationChannels> = { ticket: 'slack', access: 'both', audit: 'both' };

/** What a person without a choice of their own gets. */
export function defaultChannels(kind: NotificationKind, inSlack: boolean): NotificationChannels {
  return inSlack ? DEFAULT_IN_SLACK[kind] : 'email';
}

/** Whether a person is told by email and by Slack, given their choice (or none) and whether Slack reaches them. */
export function channelsOf(kind: NotificationKind, chosen: NotificationChannels | null, inSlack: boolean): { email: boolean; slack: boolean } {
  const channels = chosen ?? defaultChannels(kind, inSlack);
  const slack = inSlack && channels !== 'email';
  return { slack, email: channels !== 'slack' || !inSlack };
}

export interface NotificationChoiceView {
  kind: NotificationKind;
  /** What they chose, or the default. */
  channels: NotificationChannels;
  /** False: the default applies. */
  chosen: boolean;
}

/** The person's memberships as the settings policy's subject; the org whose chain records a change: their client org, else the provider's. */
export async function settingsHolder(db: Queryable, personId: string): Promise<{ holder: TokenHolder; chainOrgId: string | null }> {
  const orgs = isUuid(personId) ? (await loadMemberships(db, personId)).map((m) => ({ id: m.orgId, kind: m.orgKind })) : [];
  return { holder: { personId, orgs, asked: 'person' }, chainOrgId: (orgs.find((org) => org.kind === 'client') ?? orgs[0])?.id ?? null };
}

/** Linked Slack identities of these people. */
export async function inSlackOf(db: Queryable, personIds: string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .select({ personId: slackIdentities.personId })
    .from(slackIdentities)
    .where(and(inArray(slackIdentities.personId, personIds), isNull(slackIdentities.unlinkedAt)));
  return new Set(rows.map((r) => r.personId));
}

/** Their choices for one kind, by person. */
export async function choicesOf(db: Queryable, personIds: string[], kind: NotificationKind): Promise<Map<string, NotificationChannels>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({ personId: notificationChoices.personId, channels: notificationChoices.channels })
    .from(notificationChoices)
    .where(and(inArray(notificationChoices.personId, personIds), eq(notificationChoices.kind, kind)));
  return new Map(rows.map((r) => [r.personId, r.channels]));
}

export const setNotificationChoice = defineCommand({
  name: 'setNotificationChoice',
  input: z.object({ personId: uuidSchema, kind: z.enum(NOTIFICATION_KINDS), channels: z.enum(NOTIFICATION_CHANNELS) }),
  async run(ctx: CommandContext, input): Promise<NotificationChoiceView> {
    const { holder, chainOrgId } = await settingsHolder(ctx.tx, input.personId);
    personSettingsPolicy.authorize(ctx.actor, 'notifications.choose', holder);
    const [before] = await ctx.tx
      .select({ channels: notificationChoices.channels })
      .from(notificationChoices)
      .where(and(eq(notificationChoices.personId, input.personId), eq(notificationChoices.kind, input.kind)))
      .for('update');
    if (before?.channels === input.channels) return { kind: input.kind, channels: input.channels, chosen: true };
    await ctx.tx
      .insert(notificationChoices)
      .values({ personId: input.personId, kind: input.kind, channels: input.channels, updatedAt: ctx.now })
      .onConflictDoUpdate({
        target: [notificationChoices.personId, notificationChoices.kind],
        set: { channels: input.channels, updatedAt: ctx.now },
      });
    await ctx.record(
      PersonEvents.notificationsChosen(
        { orgId: chainOrgId!, personId: input.personId },
        { kind: input.kind, channels: input.channels, before: before?.channels ?? null },
      ),
    );
    return { kind: input.kind, channels: input.channels, chosen: true };
  },
});

/** A person's choices, every kind (the default where they made none): for the person and their org's admins. */
export const notificationChoicesOf = defineQuery({
  name: 'notificationChoicesOf',
  input: z.object({ personId: z.string().max(100) }),
  async run({ db, actor }, { personId }): Promise<NotificationChoiceView[]> {
    const { holder } = await settingsHolder(db, personId);
    personSettingsPolicy.authorize(actor, 'notifications.read', holder);
    const inSlack = (await inSlackOf(db, [personId])).has(personId);
    const rows = await db.select().from(notificationChoices).where(eq(notificationChoices.personId, personId));
    const chosen = new Map(rows.map((r) => [r.kind, r.channels]));
    return NOTIFICATION_KINDS.map((kind) => {
      const own = chosen.get(kind);
      return { kind, channels: own ?? defaultChannels(kind, inSlack), chosen: own !== undefined };
    });
  },
});
