/**
 * The web console's door: the sign-in routes (`/auth/...`), the browser app at `/` (and the public
 * status page at `/status`, with its `/status.json`). Everything
 * the console does after sign-in goes through the GraphQL and socket.io doors with the session
 * cookie, as the `web` door on the audit trail.
 */
import type { Door, Host } from '../../server/door.ts';
import { mountAuditExport } from './audit-export.ts';
import { mountAuth } from './auth.ts';
import { mountConsole } from './console.ts';
import { mountReportsExport } from './reports-export.ts';
import { mountStatusPage } from './status-page.ts';
import { mountTicketAttachments } from './ticket-attachments.ts';

export interface WebDoorOptions {
  /** The built console (`vite build` output); unset: dist/web of this installation. */
  consoleDir?: string;
}

export function webDoor(host: Host, options: WebDoorOptions = {}): Door {
  return {
    name: 'web',
    mount(app) {
      mountAuth(app, host);
      mountAuditExport(app, host);
      mountReportsExport(app, host);
      mountStatusPage(app, host);
      mountTicketAttachments(app, host);
      mountConsole(app, options.consoleDir);
    },
  };
}
