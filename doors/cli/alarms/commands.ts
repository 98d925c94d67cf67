/**
 * `alarm-source create NAME` (prints the secret once), `schedule list` (who is on call now and
 * next), `notify-rules set|show` (how pages reach a person) and `phone set` (their number for SMS).
 */
import { createAlarmSource, getNotificationRules, onCall, PAGE_CHANNELS, setNotificationRules, type PageChannel } from '../../../core/alarms/index.ts';
import { setPhone } from '../../../core/directory/index.ts';
import { parseArgs } from 'node:util';
import { required, UsageError } from '../kit/args.ts';
import { personForEmail } from '../directory/people.ts';
import { ensureProvider } from '../kit/provider.ts';
import type { CliContext, CliSession } from '../kit/command.ts';
import { USAGE } from './index.ts';


export async function alarmSourceCreate(args: string[], cli: CliSession): Promise<number> {
  if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('give the source one name', USAGE.alarmSourceCreate);
  const name = args[0]!;
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const source = await ctx.core.execute(createAlarmSource, ctx.actor, { name });
    process.stderr.write(
      `created alarm source "${source.name}" (id ${source.id}). Its secret, shown only this once, follows on stdout.\n` +
        `Send alarms to POST /hooks/alarms/${source.name} or /hooks/alertmanager/${source.name} with "Authorization: Bearer <secret>".\n`,
    );
    process.stdout.write(`${source.secret}\n`);
    return 0;
  });
}

export async function scheduleList(args: string[], cli: CliSession): Promise<number> {
  if (args.length > 0) throw new UsageError('schedule list takes no arguments', USAGE.scheduleList);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const answers = await ctx.core.read(onCall, ctx.actor, {});
    if (answers.length === 0) process.stdout.write('no on-call schedules\n');
    for (const { schedule, now, next } of answers) {
      process.stdout.write(
        `${schedule.name} (${schedule.id}, ${schedule.timeZone}, ${schedule.shiftDays}-day shifts at ${schedule.handoffTime}): ` +
          `now ${now ? `${now.personId} until ${now.until.toISOString()}` : 'nobody'}; next ${next ? `${next.personId} from ${next.from.toISOString()}` : 'nobody'}\n`,
      );
    }
    return 0;
  });
}

/** `--email EMAIL` and positionals (the steps, the number). */
function emailAndWords(args: string[], usage: string): { email: string; words: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true, allowPositionals: true });
    return { email: required(values.email, 'email', usage), words: positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message, usage);
  }
}

const describeSteps = (steps: Array<{ channel: string; delayMinutes: number }>) => steps.map((s) => `${s.channel}:${s.delayMinutes}`).join(' ');

export async function notifyRulesSet(args: string[], cli: CliSession): Promise<number> {
  const { email, words: given } = emailAndWords(args, USAGE.notifyRulesSet);
  if (given.length === 0) throw new UsageError('give the steps (CHANNEL:MINUTES ...) or default', USAGE.notifyRulesSet);
  const steps =
    given.length === 1 && given[0] === 'default'
      ? null
      : given.map((step) => {
          const match = /^(\w+):(\d+)$/.exec(step);
          if (!match || !(PAGE_CHANNELS as readonly string[]).includes(match[1]!)) {
            throw new UsageError(`"${step}" is not CHANNEL:MINUTES with a channel of ${PAGE_CHANNELS.join(', ')}`, USAGE.notifyRulesSet);
          }
          return { channel: match[1] as PageChannel, delayMinutes: Number(match[2]) };
        });
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const person = await personForEmail(ctx, email, { flag: '--email' });
    const set = await ctx.core.execute(setNotificationRules, ctx.actor, { personId: person.id, steps });
    process.stdout.write(`${person.name}: ${describeSteps(set.steps)}${set.isDefault ? ' (the default)' : ''}\n`);
    return 0;
  });
}

export async function notifyRulesShow(args: string[], cli: CliSession): Promise<number> {
  const { email, words } = emailAndWords(args, USAGE.notifyRulesShow);
  if (words.length > 0) throw new UsageError('notify-rules show takes only --email', USAGE.notifyRulesShow);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const person = await personForEmail(ctx, email, { flag: '--email' });
    const rules = await ctx.core.read(getNotificationRules, ctx.actor, { personId: person.id });
    process.stdout.write(`${person.name}: ${describeSteps(rules.steps)}${rules.isDefault ? ' (the default)' : ''}\n`);
    return 0;
  });
}

export async function phoneSet(args: string[], cli: CliSession): Promise<number> {
  const { email, words } = emailAndWords(args, USAGE.phoneSet);
  if (words.length !== 1) throw new UsageError('give one number (+E164) or none', USAGE.phoneSet);
  const phone = words[0] === 'none' ? null : words[0]!;
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const person = await personForEmail(ctx, email, { flag: '--email' });
    const set = await ctx.core.execute(setPhone, ctx.actor, { personId: person.id, phone });
    process.stdout.write(`${person.name}: ${set.phone ?? 'no phone number'}\n`);
    return 0;
  });
}
