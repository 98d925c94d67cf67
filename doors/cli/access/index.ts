/** Production access's part of the command line: who may request access. */
import type { CliPart } from '../kit/command.ts';

export const USAGE = {
  allow: 'opsdesk access allow --email EMAIL',
  disallow: 'opsdesk access disallow --email EMAIL',
  eligible: 'opsdesk access eligible',
};

const commands = () => import('./commands.ts');

export default {
  commands: [
    { name: 'access allow', usage: USAGE.allow, summary: 'let a provider person request production access', load: async () => (await commands()).accessAllow },
    { name: 'access disallow', usage: USAGE.disallow, summary: 'take them off that list', load: async () => (await commands()).accessDisallow },
    { name: 'access eligible', usage: USAGE.eligible, summary: 'who may request production access', load: async () => (await commands()).accessEligible },
  ],
} satisfies CliPart;
