/** How `/status` answers: each service the person may read with its state, and the open incidents they may see. */
import { SERVICE_STATE_LABELS, type ServiceState, type ServiceView } from '../../../core/status/index.ts';
import type { IncidentView } from '../../../core/incidents/index.ts';
import { ephemeral, section, context, type KnownBlock, type SlackReply } from '../kit/blocks.ts';
import { clip, escapeText } from '../kit/text.ts';

const STATE_ICON: Record<ServiceState, string> = { operational: ':large_green_circle:', degraded: ':large_yellow_circle:', down: ':red_circle:', unknown: ':white_circle:' };

export function statusMessage(services: ServiceView[], incidents: IncidentView[], publicUrl: string | undefined): SlackReply {
  if (services.length === 0) return ephemeral('No services to show yet.');
  const lines = services.map((s) => `${STATE_ICON[s.state]} *${escapeText(s.name)}*: ${SERVICE_STATE_LABELS[s.state]}${s.isPublic ? '' : ' (internal)'}`);
  const open = incidents.filter((i) => i.status !== 'resolved');
  const blocks: KnownBlock[] = [section(clip(`*Service status*\n${lines.join('\n')}`))];
  if (open.length > 0) {
    blocks.push(section(clip(`*Open incidents*\n${open.map((i) => `• *${escapeText(i.title)}* (${i.status}, ${i.impact} impact): ${escapeText(i.services.map((s) => s.name).join(', '))}`).join('\n')}`)));
  }
  if (publicUrl) blocks.push(context(`The status page: ${publicUrl}/status`));
  const text = `Service status: ${services.map((s) => `${s.name} ${SERVICE_STATE_LABELS[s.state].toLowerCase()}`).join(', ')}${open.length ? `; ${open.length} open incident${open.length === 1 ? '' : 's'}` : ''}`;
  return ephemeral(text, blocks);
}
