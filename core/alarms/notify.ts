/**
 * Notification rules, as PagerDuty and incident.io users know them: each person says how a page
 * reaches them, an ordered list of (channel, minutes after the page): by default a Slack DM at once,
 * an SMS after 2 minutes without acknowledgement, an email after 5.
 *
 * When an escalation step pages people (`alarm.triggered`, `alarm.escalated`), each person's
 * steps at 0 minutes are paged at once and the later ones become durable timers
 * (`alarm.notify`, key `alarm:<id>:notify:<person>:<step>:<rule>`). Every page is a command's
 * event (`alarm.page_sent`), on the alarm's timeline and the trail; the channel's door delivers it.
 * Acknowledging or resolving stops the later steps; a later escalation step that pages other people
 * stops the earlier people's steps not yet due. A page that does not get through (the person has no
 * linked Slack identity, no phone, no email address; or the door reports that it gave up) is
 * `alarm.page_failed`, and the person's next step goes at once instead of waiting for its delay.
 *
 * The disaster-recovery contacts (`alarm.disaster_recovery_invoked`) are paged through their rules
 * too, as step DISASTER_RECOVERY_STEP: the seed's alarm system "signals specific on-call personnel
 * via e-mail and SMS", and a contact without Slack must still be reached. Their later steps go on
 * while the alarm is unresolved, also when it was acknowledged before the two hours were up (it is
 * paged precisely because acknowledging did not resolve it); an acknowledgement after the page, or
 * the resolution, stops them.
 */
import { and, asc, eq, gt, inArray, isNull, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { alarmPages, alarms, domainEvents, notificationRules, people, slackIdentities, timers, type NotificationStep } from '../../db/schema.ts';
import type { RecordedChange } from '../capability.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { uuidSchema } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import type { TimerHandler } from '../timers/service.ts';
import { AlarmEvents, NotificationRuleEvents, type AlarmEscalated, type AlarmTriggered, type DisasterRecoveryInvoked, type PageChannel } from './events.ts';
import { alarmPolicy, ALARM, notificationRulesPolicy } from './policy.ts';

export const NOTIFY_TIMER = 'alarm.notify';
export const PAGE_CHANNELS = ['slack', 'sms', 'email'] as const;
/** The escalation step that disaster-recovery pages carry: not a step of the alarm's escalation policy. */
export const DISASTER_RECOVERY_STEP = -1;

/** Whether a person's step of this page still goes, given the alarm's state now. */
const stillPages = (state: string | undefined, step: number) => state === 'TRIGGERED' || (step === DISASTER_RECOVERY_STEP && state === 'ACKNOWLEDGED');

/** The default for a person who set none: Slack at once, SMS after 2 minutes, email after 5. */
export const DEFAULT_NOTIFICATION_RULES: readonly NotificationStep[] = [
  { channel: 'slack', delayMinutes: 0 },
  { channel: 'sms', delayMinutes: 2 },
  { channel: 'email', delayMinutes: 5 },
];

const notifyPrefix = (alarmId: string, personId = '') => `alarm:${alarmId}:notify:${personId}`;
const notifyKey = (alarmId: string, personId: string, step: number, rule: number) => `${notifyPrefix(alarmId, personId)}:${step}:${rule}`;
/** Every pending notification step of an alarm: cancelled when it is acknowledged. */
export const notifyTimersOf = (alarmId: string) => `${notifyPrefix(alarmId)}*`;

export const notificationStepsSchema = z
  .array(z.object({ channel: z.enum(PAGE_CHANNELS), delayMinutes: z.number().int().min(0).max(24 * 60) }))
  .min(1)
  .max(10)
  .superRefine((steps, issues) => {
    for (let i = 1; i < steps.length; i++) {
      if (steps[i]!.delayMinutes < steps[i - 1]!.delayMinutes) issues.addIssue({ code: 'custom', path: [i, 'delayMinutes'], message: 'steps are in order of their delay' });
    }
  });

async function rulesOf(tx: Tx, personIds: string[]): Promise<Map<string, NotificationStep[]>> {
  const rows = personIds.length ? await tx.select().from(notificationRules).where(inArray(notificationRules.personId, personIds)) : [];
  const found = new Map(rows.map((r) => [r.personId, r.steps]));
  return new Map(personIds.map((id) => [id, found.get(id) ?? [...DEFAULT_NOTIFICATION_RULES]]));
}

/** Why `channel` cannot reach the person, or null when it can. */
async function unreachable(tx: Tx, personId: string, channel: PageChannel): Promise<string | null> {
  if (channel === 'slack') {
    const [linked] = await tx
      .select({ personId: slackIdentities.personId })
      .from(slackIdentities)
      .where(and(eq(slackIdentities.personId, personId), isNull(slackIdentities.unlinkedAt)))
      .limit(1);
    return linked ? null : 'no linked Slack identity';
  }
  const [person] = await tx.select({ phone: people.phone, email: people.email, bounced: people.emailBouncedAt }).from(people).where(eq(people.id, personId));
  if (channel === 'sms') return person?.phone ? null : 'no phone number';
  if (!person?.email?.includes('@')) return 'no email address';
  // Nothing is mailed to an address that bounced for good (core/directory/bounces.ts).
  return person.bounced ? 'the email address bounces' : null;
}

interface StepToFire {
  alarmId: string;
  personId: string;
  step: number;
  rule: number;
  channel: PageChannel;
  delayMinutes: number;
  reason: string;
}

/** The person's next pending step for this alarm, taken off the timers (it is fired now instead). */
async function takeNextStep(ctx: CommandContext, alarmId: string, personId: string): Promise<StepToFire | undefined> {
  const [next] = await ctx.tx
    .select()
    .from(timers)
    .where(and(eq(timers.status, 'pending'), eq(timers.kind, NOTIFY_TIMER), like(timers.key, `${notifyPrefix(alarmId, personId)}:%`)))
    .orderBy(asc(timers.dueAt), asc(timers.id))
    .limit(1)
    .for('update');
  if (!next) return undefined;
  await ctx.tx.update(timers).set({ status: 'cancelled' }).where(eq(timers.id, next.id));
  return next.payload as unknown as StepToFire;
}

/** Page one step now: record it, or, when its channel cannot reach the person, record that and go on to the next step. */
async function firePage(ctx: CommandContext, page: StepToFire, early: boolean): Promise<void> {
  const problem = await unreachable(ctx.tx, page.personId, page.channel);
  if (problem) {
    const next = await takeNextStep(ctx, page.alarmId, page.personId);
    await ctx.record(AlarmEvents.pageFailed({ id: page.alarmId }, { pageId: null, personId: page.personId, channel: page.channel, reason: problem, next: next?.channel ?? null }));
    if (next) await firePage(ctx, next, true);
    return;
  }
  const [row] = await ctx.tx
    .insert(alarmPages)
    .values({ alarmId: page.alarmId, personId: page.personId, channel: page.channel, escalationStep: page.step, rule: page.rule, sentAt: ctx.now })
    .returning({ id: alarmPages.id });
  await ctx.record(
    AlarmEvents.pageSent(
      { id: page.alarmId },
      {
        pageId: row!.id,
        personId: page.personId,
        channel: page.channel,
        step: page.step,
        rule: page.rule,
        delayMinutes: page.delayMinutes,
        reason: page.reason,
        ...(early ? { early: true } : {}),
        ...(page.step === DISASTER_RECOVERY_STEP ? { disasterRecovery: true } : {}),
      },
    ),
  );
}

/** A step paged these people: their rules start now. The earlier people's steps not yet due stop. */
async function startRules(ctx: CommandContext, alarmId: string, paged: string[], step: number, reason: string, handOver: boolean): Promise<void> {
  // A new alarm has no steps yet: only an escalation hands over (and an alarm storm skips the look).
  if (handOver) {
    await ctx.tx
      .update(timers)
      .set({ status: 'cancelled' })
      .where(and(eq(timers.status, 'pending'), like(timers.key, `${notifyPrefix(alarmId)}%`), gt(timers.dueAt, ctx.now)));
  }
  const rules = await rulesOf(ctx.tx, paged);
  const now: StepToFire[] = [];
  const later = [];
  for (const personId of paged) {
    const steps = rules.get(personId)!;
    for (const [rule, { channel, delayMinutes }] of steps.entries()) {
      const page: StepToFire = { alarmId, personId, step, rule, channel, delayMinutes, reason };
      if (delayMinutes === 0) now.push(page);
      else later.push({ kind: NOTIFY_TIMER, key: notifyKey(alarmId, personId, step, rule), dueAt: new Date(ctx.now.getTime() + delayMinutes * 60_000), payload: { ...page } });
    }
  }
  await ctx.scheduleAll(later);
  for (const page of now) await firePage(ctx, page, false);
}

export const onTriggeredPage = async (ctx: CommandContext, change: RecordedChange<AlarmTriggered>) =>
  startRules(ctx, change.subjectId, change.data.paged, change.data.step, 'new alarm', false);

export const onEscalatedPage = async (ctx: CommandContext, change: RecordedChange<AlarmEscalated>) =>
  startRules(ctx, change.subjectId, change.data.paged, change.data.step, change.data.reason, true);

export const onDisasterRecoveryPage = async (ctx: CommandContext, change: RecordedChange<DisasterRecoveryInvoked>) =>
  startRules(ctx, change.subjectId, change.data.paged, DISASTER_RECOVERY_STEP, 'disaster recovery: still not resolved two hours after it triggered', false);

/** A rule step's delay is over: page it, unless the alarm was acknowledged or resolved meanwhile. */
export const onNotifyDue: TimerHandler = async (ctx, payload) => {
  const page = payload as unknown as StepToFire;
  const [alarm] = await ctx.tx.select({ state: alarms.state }).from(alarms).where(eq(alarms.id, page.alarmId)).for('update');
  if (!stillPages(alarm?.state, page.step)) return;
  await firePage(ctx, page, false);
};

/**
 * A channel's door says a page did not get through (it gave up, or the page waits too long): the
 * page is marked failed (once), and while the alarm waits for an acknowledgement the person's next
 * step is paged at once. Names the page by its id, or by the id of its `alarm.page_sent` event.
 * Reporting a page again is CONFLICT, and an event that is no rule's page NOT_FOUND: doors let
 * both pass quietly (a give-up after the 60-second report, a DM that no rule sent).
 */
export const reportPageUndelivered = defineCommand({
  name: 'reportPageUndelivered',
  input: z
    .object({ pageId: uuidSchema.optional(), eventId: z.number().int().positive().optional(), reason: z.string().min(1).max(10_000).transform((r) => (r.length > 500 ? `${r.slice(0, 499)}…` : r)) })
    .refine((i) => (i.pageId === undefined) !== (i.eventId === undefined), { message: 'give pageId or eventId' }),
  async run(ctx, input): Promise<{ next: PageChannel | null }> {
    alarmPolicy.authorize(ctx.actor, 'alarm.report_page', ALARM);
    let pageId = input.pageId;
    if (input.eventId !== undefined) {
      const [event] = await ctx.tx.select().from(domainEvents).where(eq(domainEvents.id, input.eventId));
      // A door's page that no notification rule sent: nothing to hand on.
      if (!event || event.type !== AlarmEvents.pageSent.type) throw new OpsdeskError('NOT_FOUND', 'no page of a notification rule has this event');
      pageId = String((event.payload as { pageId?: unknown }).pageId);
    }
    const [page] = await ctx.tx
      .update(alarmPages)
      .set({ failedAt: ctx.now, failure: input.reason })
      .where(and(eq(alarmPages.id, pageId!), isNull(alarmPages.failedAt)))
      .returning();
    if (!page) throw new OpsdeskError('CONFLICT', 'this page was already reported as not delivered (or does not exist)');
    const [alarm] = await ctx.tx.select({ state: alarms.state }).from(alarms).where(eq(alarms.id, page.alarmId)).for('update');
    const next = stillPages(alarm?.state, page.escalationStep) ? await takeNextStep(ctx, page.alarmId, page.personId) : undefined;
    await ctx.record(
      AlarmEvents.pageFailed({ id: page.alarmId }, { pageId: page.id, personId: page.personId, channel: page.channel, reason: input.reason, next: next?.channel ?? null }),
    );
    if (next) await firePage(ctx, next, true);
    return { next: next?.channel ?? null };
  },
});

export const setNotificationRules = defineCommand({
  name: 'setNotificationRules',
  input: z.object({ personId: uuidSchema, steps: notificationStepsSchema.nullable() }),
  async run(ctx, input): Promise<{ personId: string; steps: NotificationStep[]; isDefault: boolean }> {
    notificationRulesPolicy.authorize(ctx.actor, 'notification_rules.set', { personId: input.personId });
    const [person] = await ctx.tx.select({ id: people.id }).from(people).where(eq(people.id, input.personId));
    if (!person) throw new OpsdeskError('NOT_FOUND', 'person not found');
    const [before] = await ctx.tx.select().from(notificationRules).where(eq(notificationRules.personId, input.personId)).for('update');
    if (input.steps === null) await ctx.tx.delete(notificationRules).where(eq(notificationRules.personId, input.personId));
    else {
      await ctx.tx
        .insert(notificationRules)
        .values({ personId: input.personId, steps: input.steps, updatedAt: ctx.now })
        .onConflictDoUpdate({ target: notificationRules.personId, set: { steps: sql`excluded.steps`, updatedAt: ctx.now } });
    }
    const steps = input.steps ?? [...DEFAULT_NOTIFICATION_RULES];
    await ctx.record(NotificationRuleEvents.set({ personId: input.personId }, { steps, previous: before?.steps ?? null }));
    return { personId: input.personId, steps, isDefault: input.steps === null };
  },
});

export const getNotificationRules = defineQuery({
  name: 'getNotificationRules',
  input: z.object({ personId: z.string().max(100) }),
  async run({ db, actor }, { personId }): Promise<{ personId: string; steps: NotificationStep[]; isDefault: boolean }> {
    notificationRulesPolicy.authorize(actor, 'notification_rules.read', { personId });
    const [row] = uuidSchema.safeParse(personId).success ? await db.select().from(notificationRules).where(eq(notificationRules.personId, personId)) : [];
    return { personId, steps: row?.steps ?? [...DEFAULT_NOTIFICATION_RULES], isDefault: !row };
  },
});

/** The pages of an alarm, in order (its timeline's pages), for provider staff. */
export const alarmPagesOf = defineQuery({
  name: 'alarmPagesOf',
  input: z.object({ alarmId: z.string().max(100) }),
  async run({ db, actor }, { alarmId }) {
    alarmPolicy.authorize(actor, 'alarm.read', ALARM);
    if (!uuidSchema.safeParse(alarmId).success) return [];
    return db.select().from(alarmPages).where(eq(alarmPages.alarmId, alarmId)).orderBy(asc(alarmPages.sentAt), asc(alarmPages.id));
  },
});
