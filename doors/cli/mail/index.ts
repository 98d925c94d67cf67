/** The inbound mail's part of the command line. */
import type { CliPart } from '../kit/command.ts';

export const USAGE = {
  mailSourceCreate: 'opsdesk mail-source create NAME',
  mailSourceRotate: 'opsdesk mail-source rotate NAME',
};

const commands = () => import('./commands.ts');

export default {
  commands: [
    {
      name: 'mail-source create',
      usage: USAGE.mailSourceCreate,
      summary: 'create a mail source for POST /hooks/email/NAME; prints only its secret on stdout',
      load: async () => (await commands()).mailSourceCreate,
    },
    {
      name: 'mail-source rotate',
      usage: USAGE.mailSourceRotate,
      summary: "give a mail source a new secret (the old one stops working); prints only the secret on stdout",
      load: async () => (await commands()).mailSourceRotate,
    },
  ],
} satisfies CliPart;
