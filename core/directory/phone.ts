/**
 * A person's mobile number, for SMS pages: E.164 (`+` and 8 to 15 digits, no spaces), set by the
 * person or by whoever manages every org they belong to, read by the same people and by opsdesk
 * itself (the SMS door, through `phoneNumbers`). The number is not written on the audit trail, only
 * that one was set and its last two digits.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { memberships, people, slackIdentities } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import { PersonEvents } from './events.ts';
import { loadMemberships } from './internal/identity.ts';
import { orgById } from './internal/lookups.ts';
import { isUuid, uuidSchema } from './model.ts';
import { directoryPolicy, orgPolicy, tokenPolicy } from './policy.ts';

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number, such as +46701234567'));

export const setPhone = defineCommand({
  name: 'setPhone',
  input: z.object({ personId: uuidSchema, phone: phoneSchema.nullable() }),
  async run(ctx, input): Promise<{ personId: string; phone: string | null }> {
    const orgs = (await loadMemberships(ctx.tx, input.personId, { withoutRoles: true })).map((m) => ({ id: m.orgId, kind: m.orgKind }));
    tokenPolicy.authorize(ctx.actor, 'phone.set', { personId: input.personId, orgs, asked: 'person' });
    const [person] = await ctx.tx.update(people).set({ phone: input.phone }).where(eq(people.id, input.personId)).returning();
    if (!person) throw new OpsdeskError('NOT_FOUND', 'person not found');
    // On the person's client org's chain, else the provider's (as their tokens).
    const orgId = (orgs.find((org) => org.kind === 'client') ?? orgs[0]!).id;
    await ctx.record(
      PersonEvents.phoneSet({ orgId, personId: person.id }, { set: input.phone !== null, endsWith: input.phone ? input.phone.slice(-2) : null }),
    );
    return { personId: person.id, phone: person.phone };
  },
});

/** The numbers of members of one org the actor may read (the person, the org's managers); others are absent. */
export const phonesOfMembers = defineQuery({
  name: 'phonesOfMembers',
  input: z.object({ orgId: z.string().max(100), personIds: z.array(z.string().max(100)).max(1000) }),
  async run({ db, actor }, { orgId, personIds }): Promise<Map<string, string | null>> {
    const found = new Map<string, string | null>();
    const org = await orgById(db, orgId);
    if (!org || !orgPolicy.sees(actor, org)) return found;
    const allowed = [...new Set(personIds.filter(isUuid))].filter((personId) =>
      tokenPolicy.may(actor, 'phone.read', { personId, orgs: [org], asked: 'person' }),
    );
    if (allowed.length === 0) return found;
    const rows = await db
      .select({ id: people.id, phone: people.phone })
      .from(people)
      .innerJoin(memberships, and(eq(memberships.personId, people.id), eq(memberships.orgId, org.id)))
      .where(inArray(people.id, allowed));
    for (const row of rows) found.set(row.id, row.phone);
    return found;
  },
});

/** Each person's number and whether Slack reaches them: for opsdesk's own doors (the SMS door). */
export const phoneNumbers = defineQuery({
  name: 'phoneNumbers',
  input: z.object({ personIds: z.array(z.string().max(100)).max(1000) }),
  async run({ db, actor }, { personIds }): Promise<Map<string, { phone: string; name: string; inSlack: boolean }>> {
    directoryPolicy.authorize(actor, 'directory.resolve', null);
    const found = new Map<string, { phone: string; name: string; inSlack: boolean }>();
    const wanted = [...new Set(personIds.filter(isUuid))];
    if (wanted.length === 0) return found;
    const rows = await db.select({ id: people.id, name: people.name, phone: people.phone }).from(people).where(inArray(people.id, wanted));
    const inSlack = new Set(
      (
        await db
          .select({ personId: slackIdentities.personId })
          .from(slackIdentities)
          .where(and(inArray(slackIdentities.personId, wanted), isNull(slackIdentities.unlinkedAt)))
      ).map((r) => r.personId),
    );
    for (const row of rows) if (row.phone) found.set(row.id, { phone: row.phone, name: row.name, inSlack: inSlack.has(row.id) });
    return found;
  },
});
