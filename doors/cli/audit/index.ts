/** The audit trail's part of the command line: verify, sign, export, and check an export offline. */
import type { CliPart } from '../kit/command.ts';

export const USAGE = {
  verify: 'opsdesk audit verify [--org SLUG [--checkpoint FILE]]',
  checkpoint: 'opsdesk audit checkpoint --org SLUG',
  export: 'opsdesk audit export --org SLUG',
  verifyExport: 'opsdesk audit verify-export FILE --key PUBLIC_KEY_FILE',
};

const commands = () => import('./commands.ts');

export default {
  commands: [
    {
      name: 'audit verify',
      usage: USAGE.verify,
      summary: "verify the audit hash chains (every org's, or one's; with a checkpoint, that the chain extends it); exit 1 names what is wrong",
      load: async () => (await commands()).auditVerify,
    },
    { name: 'audit checkpoint', usage: USAGE.checkpoint, summary: "print the org's current signed checkpoint", load: async () => (await commands()).auditCheckpoint },
    {
      name: 'audit export',
      usage: USAGE.export,
      summary: "an org's audit trail as JSON lines, a checkpoint and the verify result last",
      load: async () => (await commands()).auditExport,
    },
    {
      name: 'audit verify-export',
      usage: USAGE.verifyExport,
      summary: 'check an export and its checkpoint offline (no database)',
      load: async () => (await commands()).auditVerifyExport,
    },
  ],
} satisfies CliPart;
