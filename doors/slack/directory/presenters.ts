/** Messages of the directory capability: who you are, channel links, and `/opsdesk` usage. */
import { CHANNEL_PURPOSES } from '../../../core/directory/index.ts';
import type { OrgKind } from '../../../core/policy.ts';
import { ephemeral, inChannel, section, type KnownBlock, type SlackReply } from '../kit/blocks.ts';
import { escapeText } from '../kit/text.ts';

export interface WhoamiView {
  name: string;
  slackUserId: string;
  orgs: Array<{ name: string; kind: OrgKind; roles: string[] }>;
}

const roleLabel = (role: string) => role.replace(/_/g, ' ');

export function whoamiMessage(view: WhoamiView): SlackReply {
  const lines = view.orgs.map((org) => {
    const roles = org.roles.length > 0 ? org.roles.map(roleLabel).join(', ') : 'no roles yet';
    const side = org.kind === 'provider' ? 'provider' : 'client';
    return `• *${escapeText(org.name)}* (${side}): ${roles}`;
  });
  const orgs = lines.length > 0 ? lines.join('\n') : 'You belong to no organisation yet.';
  const summary = view.orgs.map((o) => `${o.name}: ${o.roles.map(roleLabel).join(', ') || 'no roles yet'}`).join('; ');
  const text = escapeText(`You are ${view.name}. ${summary || 'You belong to no organisation yet.'}`);
  const blocks: KnownBlock[] = [
    section(`You are *${escapeText(view.name)}* (<@${view.slackUserId}>) in opsdesk.`),
    section(orgs),
  ];
  return ephemeral(text, blocks);
}

export function channelLinkedMessage(orgName: string, purpose: string): SlackReply {
  const text = `This channel is now linked to ${escapeText(orgName)} (${purpose})`;
  return inChannel(text, [section(`This channel is now linked to *${escapeText(orgName)}* (${purpose})`)]);
}

export function opsdeskUsageMessage(): SlackReply {
  const usage = [
    '`/opsdesk whoami`: who opsdesk thinks you are, your organisations and roles',
    `\`/opsdesk link <org-slug> [${CHANNEL_PURPOSES.join('|')}]\`: link this channel to an organisation (provider admins)`,
    '`/opsdesk help`: this text',
  ];
  return ephemeral(`Usage:\n${usage.join('\n')}`, [section(`*Usage*\n${usage.join('\n')}`)]);
}
