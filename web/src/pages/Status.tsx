/**
 * The public status page (`/status`): for anyone, signed in or not. The public services' state,
 * availability and response times, incidents and maintenance (pages/status/StatusBody.tsx), read from
 * `/status.json` and again whenever `/status/events` says it changed (and every 5 minutes regardless),
 * and how to follow it elsewhere (feeds, email: pages/status/Follow.tsx).
 */
import { Page } from '../lib/ui.tsx';
import { publicStatusSource, useStatusFeed } from '../lib/status.ts';
import { StatusBody } from './status/StatusBody.tsx';
import { Follow } from './status/Follow.tsx';

export default function Status() {
  const feed = useStatusFeed(publicStatusSource);
  return (
    <Page title="Service status">
      <StatusBody feed={feed} noServices="No public services are listed yet." />
      {feed.status?.feeds && <Follow feeds={feed.status.feeds} emailSubscriptions={feed.status.emailSubscriptions ?? false} />}
    </Page>
  );
}
