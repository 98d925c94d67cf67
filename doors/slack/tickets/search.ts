/**
 * `/ticket search <words>`: the best few matches among the tickets the person may see, told to them
 * alone, each linking to the ticket in the web console. What a hit shows comes from the core query;
 * the text people wrote is escaped for mrkdwn and only the hits are made bold.
 */
import type { PersonActor } from '../../../core/actor.ts';
import { STATUS_LABELS, searchTickets, type HighlightPart, type TicketSearchPage } from '../../../core/tickets/index.ts';
import type { SlackDeps } from '../context.ts';
import { context, ephemeral, section, type KnownBlock, type SlackReply } from '../kit/blocks.ts';
import { clip, escapeText } from '../kit/text.ts';

/** How many hits Slack shows; the console and GraphQL page through the rest. */
export const SLACK_SEARCH_HITS = 5;

/** The words after `search`, when the command's text asks for a search (`search` alone gives an empty string). */
export function searchWordsOf(text: string | undefined): string | undefined {
  const match = /^\s*search(?:\s+([\s\S]*))?$/i.exec(text ?? '');
  return match ? (match[1] ?? '').trim() : undefined;
}

export async function ticketSearchReply(deps: SlackDeps, actor: PersonActor, words: string): Promise<SlackReply> {
  if (!words) return ephemeral('Say what to look for: `/ticket search printer offline` or `/ticket search "exact phrase"`.');
  const page = await deps.core.read(searchTickets, actor, { search: words, first: SLACK_SEARCH_HITS });
  return searchResults(page, words, consoleUrlOf(deps));
}

/** Where people open the web console: PUBLIC_URL, or this host on its port. */
function consoleUrlOf(deps: SlackDeps): string {
  return (deps.config.PUBLIC_URL ?? `http://localhost:${deps.config.PORT}`).replace(/\/+$/, '');
}

/** Hits in mrkdwn: people's text escaped, the search's hits in bold. */
export function highlightMrkdwn(parts: readonly HighlightPart[]): string {
  return parts.map((part) => (part.hit ? `*${escapeText(part.text)}*` : escapeText(part.text))).join('');
}

/** Pure: the page of hits as an ephemeral reply. */
export function searchResults(page: TicketSearchPage, words: string, consoleUrl: string): SlackReply {
  const asked = escapeText(clip(words, 100));
  if (page.nodes.length === 0) return ephemeral(`No ticket you can see matches “${asked}”.`);
  const blocks: KnownBlock[] = [section(`Tickets matching “${asked}”, best first:`)];
  for (const { ticket, field, highlight } of page.nodes) {
    const link = `<${consoleUrl}/tickets/${encodeURIComponent(ticket.key)}|${escapeText(ticket.key)}>`;
    const excerpt = field === 'title' || field === 'key' ? '' : `\n_${field === 'comment' ? 'in a comment' : 'in the description'}:_ ${highlightMrkdwn(highlight)}`;
    const title = field === 'title' ? highlightMrkdwn(highlight) : escapeText(ticket.title);
    blocks.push(section(clip(`*${link}* ${title} · ${STATUS_LABELS[ticket.status]}${excerpt}`)));
  }
  if (page.hasNextPage) blocks.push(context(`More match: search in the web console (${consoleUrl}) to see them all.`));
  return ephemeral(`${page.nodes.length} ticket${page.nodes.length === 1 ? '' : 's'} matching “${asked}”`, blocks);
}
