/**
 * The public status page (`/status`): for anyone, signed in or not. The public services' state,
 * availability and response times, incidents and maintenance (pages/status/StatusBody.tsx), read from
 * `/status.json` and again whenever `/status/events` says it changed (and every 5 minutes regardless).
 */
import { Page } from '../lib/ui.tsx';
import { publicStatusSource, useStatusFeed } from '../lib/status.ts';
import { StatusBody } from './status/StatusBody.tsx';

export default function Status() {
  const feed = useStatusFeed(publicStatusSource);
  return (
    <Page title="Service status">
      <StatusBody feed={feed} noServices="No public services are listed yet." />
    </Page>
  );
}
