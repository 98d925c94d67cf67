/** The alarms' part of the command line. */
import type { CliPart } from '../kit/command.ts';

export const USAGE = {
  alarmSourceCreate: 'opsdesk alarm-source create NAME',
  scheduleList: 'opsdesk schedule list',
  notifyRulesSet: 'opsdesk notify-rules set --email EMAIL (CHANNEL:MINUTES ... | default)   e.g. slack:0 sms:2 email:5',
  notifyRulesShow: 'opsdesk notify-rules show --email EMAIL',
  phoneSet: 'opsdesk phone set --email EMAIL (+E164 | none)',
};

const commands = () => import('./commands.ts');

export default {
  commands: [
    {
      name: 'alarm-source create',
      usage: USAGE.alarmSourceCreate,
      summary: 'create an alarm source; prints only its webhook secret on stdout',
      load: async () => (await commands()).alarmSourceCreate,
    },
    {
      name: 'notify-rules set',
      usage: USAGE.notifyRulesSet,
      summary: "set how pages reach a person of the provider: channels (slack, sms, email) and minutes after the page; 'default' goes back to slack:0 sms:2 email:5",
      load: async () => (await commands()).notifyRulesSet,
    },
    { name: 'notify-rules show', usage: USAGE.notifyRulesShow, summary: "a person's notification rules", load: async () => (await commands()).notifyRulesShow },
    { name: 'phone set', usage: USAGE.phoneSet, summary: "set (or with 'none' clear) a person's mobile number for SMS pages", load: async () => (await commands()).phoneSet },
    { name: 'schedule list', usage: USAGE.scheduleList, summary: 'the on-call schedules, who is on call now and next', load: async () => (await commands()).scheduleList },
  ],
} satisfies CliPart;
