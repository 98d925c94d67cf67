/** `alarm-source create NAME` (prints the secret once) and `schedule list` (who is on call now and next). */
import { createAlarmSource, onCall } from '../../../core/alarms/index.ts';
import { UsageError } from '../kit/args.ts';
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
