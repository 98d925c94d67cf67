/** The alarms' part of the command line. */
import type { CliPart } from '../kit/command.ts';

export const USAGE = {
  alarmSourceCreate: 'opsdesk alarm-source create NAME',
  scheduleList: 'opsdesk schedule list',
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
    { name: 'schedule list', usage: USAGE.scheduleList, summary: 'the on-call schedules, who is on call now and next', load: async () => (await commands()).scheduleList },
  ],
} satisfies CliPart;
