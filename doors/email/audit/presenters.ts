/** The weekly signed checkpoint by email, pure: the published checkpoint in, a message and its attachment out. */
import type { CheckpointPublished } from '../../../core/audit/index.ts';
import { htmlPage, link, mailTime, para, pre, TEXT_FOOTER, type Message } from '../kit.ts';
import type { Attachment } from '../types.ts';

export function checkpointMessage(
  checkpoint: Pick<CheckpointPublished, 'size' | 'signedAt' | 'keyId' | 'note' | 'headHash'>,
  org: { name: string; slug: string },
  consoleUrl: string,
): Message & { attachments: Attachment[] } {
  const filename = `opsdesk-audit-checkpoint-${org.slug}-${checkpoint.size}.txt`;
  const lead =
    `The signed checkpoint of ${org.name}'s audit trail: its first ${checkpoint.size} events, as signed at ` +
    `${mailTime(new Date(checkpoint.signedAt))} with opsdesk's audit key ${checkpoint.keyId}.`;
  const keep =
    `Keep this mail or its attachment (${filename}): it lets you prove later that nobody, the provider included, ` +
    'rewrote or shortened that part of your trail. It is a C2SP signed note; verify it with the public key at ' +
    `${consoleUrl}/.well-known/opsdesk-audit-key, with \`opsdesk audit verify --org ${org.slug} --checkpoint FILE\`, ` +
    'or with verifyAuditTrail(orgId, checkpoint) in GraphQL.';
  const auditUrl = `${consoleUrl}/audit`;
  return {
    subject: `${org.name}: signed audit checkpoint, ${checkpoint.size} events`,
    text: [lead, '', keep, '', checkpoint.note, `Your audit trail: ${auditUrl}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(`${org.name}: signed audit checkpoint`, [para(lead), para(keep), pre(checkpoint.note), `<p>${link(auditUrl, 'Your audit trail')}</p>`]),
    attachments: [{ filename, contentType: 'text/plain; charset=utf-8', content: checkpoint.note }],
  };
}
