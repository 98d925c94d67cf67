/**
 * The web console's door: the sign-in routes (`/auth/...`), the browser app at `/` (and the public
 * status page at `/status`, with its `/status.json`, its feeds and live `/status/events`). Everything
 * the console does after sign-in goes through the GraphQL and socket.io doors with the session
 * cookie, as the `web` door on the audit trail.
 */
import type { Door, Host } from '../../server/door.ts';
import { mountAuditExport } from './audit-export.ts';
import { mountAuth } from './auth.ts';
import { mountConsole } from './console.ts';
import { mountOrgExport } from './org-export.ts';
import { mountReportsExport } from './reports-export.ts';
import { mountStatusFeeds } from './status-feeds.ts';
import { mountStatusPage } from './status-page.ts';
import { mountTicketAttachments } from './ticket-attachments.ts';

export interface WebDoorOptions {
  /** The built console (`vite build` output); unset: dist/web of this installation. */
  consoleDir?: string;
}

export function webDoor(host: Host, options: WebDoorOptions = {}): Door {
  let statusStream: { close(): void } | undefined;
  return {
    name: 'web',
    mount(app) {
      mountAuth(app, host);
      mountAuditExport(app, host);
      mountReportsExport(app, host);
      mountOrgExport(app, host);
      statusStream = mountStatusPage(app, host);
      mountStatusFeeds(app, host);
      mountTicketAttachments(app, host);
      mountConsole(app, options.consoleDir);
    },
    async stop() {
      // Live status streams never end by themselves: the server could not close with them open.
      statusStream?.close();
    },
  };
}
