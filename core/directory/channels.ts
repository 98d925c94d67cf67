import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { channelLinks } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { ChannelEvents } from './events.ts';
import { requireOrg } from './internal/lookups.ts';
import { CHANNEL_PURPOSES, PURPOSES_BY_KIND, slackIdSchema, uuidSchema } from './model.ts';
import { orgPolicy } from './policy.ts';

/**
 * Link a Slack channel to an org. A client org's channel (usually a Slack Connect channel shared
 * with the client) decides which org its tickets belong to; provider channels carry a purpose.
 * Linking a channel that is already linked moves it, and the trail says from where.
 */
export const linkChannel = defineCommand({
  name: 'linkChannel',
  input: z.object({
    orgId: uuidSchema,
    teamId: slackIdSchema,
    channelId: slackIdSchema,
    purpose: z.enum(CHANNEL_PURPOSES).optional(),
  }),
  async run(ctx, input) {
    const org = await requireOrg(ctx.tx, input.orgId);
    orgPolicy.authorize(ctx.actor, 'channel.link', org);
    const allowed = PURPOSES_BY_KIND[org.kind];
    const purpose = input.purpose ?? allowed[0]!;
    if (!allowed.includes(purpose)) {
      throw new OpsdeskError(
        'INVALID_INPUT',
        `a ${org.kind} org's channel can be ${allowed.join(' or ')}, not ${purpose}`,
        { fields: { purpose: 'does not fit the org' } },
      );
    }
    const where = and(eq(channelLinks.teamId, input.teamId), eq(channelLinks.channelId, input.channelId));
    const [previous] = await ctx.tx.select().from(channelLinks).where(where).for('update');
    if (previous && previous.orgId === org.id && previous.purpose === purpose) {
      throw new OpsdeskError('CONFLICT', `this channel is already linked to ${org.name} (${purpose})`);
    }
    const values = { teamId: input.teamId, channelId: input.channelId, orgId: org.id, purpose };
    if (previous) await ctx.tx.update(channelLinks).set(values).where(where);
    else await ctx.tx.insert(channelLinks).values(values);
    await ctx.record(
      ChannelEvents.linked(values, { purpose, previous: previous ? { orgId: previous.orgId, purpose: previous.purpose } : null }),
    );
    return { ...values, movedFromOrgId: previous && previous.orgId !== org.id ? previous.orgId : null };
  },
});
