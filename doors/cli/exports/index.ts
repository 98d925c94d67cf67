/** An org's back-up from the command line: the same archive as the console's, written to a file. */
import type { CliPart } from '../kit/command.ts';

export const USAGE = { export: 'opsdesk export --org SLUG [--out FILE]' };

export default {
  commands: [
    {
      name: 'export',
      usage: USAGE.export,
      summary: "an org's whole back-up (tickets, comments, access, announcements, installations, audit trail) as one zip of JSON lines with a manifest",
      load: async () => (await import('./commands.ts')).orgExport,
    },
  ],
} satisfies CliPart;
