/**
 * The status page's Atom feed (RFC 4287), pure: the core's public feed in, XML out. One entry per
 * incident and per maintenance window; an entry's `id` is a `tag:` URI (RFC 4151) that never changes
 * for its subject, and its `updated` moves with each public change (an update posted, a window
 * moved, started, ended or cancelled), so a reader shows it again when something was said.
 */
import type { FeedIncident, FeedMaintenance, PublicFeed } from '../../../core/incidents/index.ts';

export interface FeedSite {
  /** Where the page is, without a trailing slash: https://status.example.com. */
  baseUrl: string;
  /** Who publishes it (the provider's name). */
  publisher: string;
}

const MAINTENANCE_STATES = { scheduled: 'Scheduled', in_progress: 'In progress', completed: 'Completed', cancelled: 'Cancelled' } as const;

/** The feed's own `tag:` authority and date: the site's host, and the year the feed first existed. */
export function tagOf(site: FeedSite, specific: string): string {
  return `tag:${new URL(site.baseUrl).hostname},2026:${specific}`;
}

export function atomFeed(feed: PublicFeed, site: FeedSite, generatedAt: Date): string {
  const entries = [...feed.incidents.map((i) => incidentEntry(i, site)), ...feed.maintenance.map((m) => maintenanceEntry(m, site))].sort(
    (a, b) => b.updated.getTime() - a.updated.getTime(),
  );
  const updated = entries[0]?.updated ?? generatedAt;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(tagOf(site, 'status'))}</id>`,
    `  <title>${xml(`${site.publisher} status`)}</title>`,
    `  <subtitle>Incidents and maintenance of ${xml(site.publisher)}'s public services</subtitle>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>${xml(site.publisher)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${site.baseUrl}/status/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${site.baseUrl}/status`)}"/>`,
    '  <generator>opsdesk</generator>',
    ...entries.map((e) => e.xml),
    '</feed>',
    '',
  ].join('\n');
}

interface Entry {
  updated: Date;
  xml: string;
}

function entry(site: FeedSite, fields: { id: string; title: string; published: Date; updated: Date; category: string; content: string[] }): Entry {
  return {
    updated: fields.updated,
    xml: [
      '  <entry>',
      `    <id>${xml(fields.id)}</id>`,
      `    <title>${xml(fields.title)}</title>`,
      `    <published>${fields.published.toISOString()}</published>`,
      `    <updated>${fields.updated.toISOString()}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xml(`${site.baseUrl}/status`)}"/>`,
      `    <category term="${xml(fields.category)}"/>`,
      `    <content type="text">${xml(fields.content.join('\n'))}</content>`,
      '  </entry>',
    ].join('\n'),
  };
}

function incidentEntry(incident: FeedIncident, site: FeedSite): Entry {
  return entry(site, {
    id: tagOf(site, `incident/${incident.id}`),
    title: `[${incident.statusLabel}] ${incident.title}`,
    published: incident.openedAt,
    updated: incident.updatedAt,
    category: 'incident',
    content: [
      `Status: ${incident.statusLabel}. Impact: ${incident.impactLabel}.`,
      `Affected: ${incident.services.join(', ')}.`,
      '',
      // Newest first, as the page shows them.
      ...incident.updates.flatMap((u) => [`${u.at.toISOString()} ${u.statusLabel}: ${u.message}`]),
    ],
  });
}

function maintenanceEntry(window: FeedMaintenance, site: FeedSite): Entry {
  const state = MAINTENANCE_STATES[window.state];
  return entry(site, {
    id: tagOf(site, `maintenance/${window.id}`),
    title: `[Maintenance ${state.toLowerCase()}] ${window.title}`,
    published: window.createdAt,
    updated: window.updatedAt,
    category: 'maintenance',
    content: [
      `${state}: ${window.startsAt.toISOString()} to ${window.endsAt.toISOString()}.`,
      `Affected: ${window.services.join(', ')}.`,
      ...(window.description ? ['', window.description] : []),
    ],
  });
}

/** Text as XML character data or an attribute value; characters XML 1.0 forbids are dropped. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
