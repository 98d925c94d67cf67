/** What Slack shows of the audit trail: the weekly signed checkpoint, for the client to keep. */
import type { CheckpointPublished } from '../../../core/audit/index.ts';
import { section, type KnownBlock } from '../kit/blocks.ts';
import { escapeText } from '../kit/text.ts';

export function checkpointPost(checkpoint: Pick<CheckpointPublished, 'size' | 'signedAt' | 'keyId' | 'note'>): { text: string; blocks: KnownBlock[] } {
  const text = `opsdesk audit checkpoint: your audit trail's first ${checkpoint.size} events, signed ${checkpoint.signedAt}`;
  return {
    text,
    blocks: [
      section(
        `*Audit checkpoint* — your audit trail's first ${checkpoint.size} events, as signed at ${escapeText(checkpoint.signedAt)} ` +
          `with opsdesk's audit key \`${escapeText(checkpoint.keyId)}\`. Keep this message: it lets you prove later that ` +
          'nobody, the provider included, rewrote or shortened that part of the trail ' +
          '(`opsdesk audit verify --org <slug> --checkpoint FILE`, or `verifyAuditTrail(orgId, checkpoint)`).',
      ),
      section(`\`\`\`${escapeText(checkpoint.note)}\`\`\``),
    ],
  };
}
