/**
 * The email door, inbound: raw mail from mail services at `POST /hooks/email/:source`, and the
 * IMAP mailbox at IMAP_URL polled by one instance of the cluster. Both take the same road
 * (receive.ts): a trusted sender's mail becomes a ticket or a comment as that person, through door
 * `email`; everything else waits in the quarantine for staff.
 */
import type { Door, Host } from '../../server/door.ts';
import type { ImapPoller } from './imap.ts';
import { emailWebhook } from './webhook.ts';

export function inboundEmailDoor(host: Host): Door {
  let poller: ImapPoller | undefined;
  if (!host.config.EMAIL_AUTHSERV_ID) {
    host.logger.info('EMAIL_AUTHSERV_ID is unset: every inbound mail is quarantined (no trusted Authentication-Results configured)');
  }
  return {
    name: 'email-inbound',
    mount(app) {
      app.use(emailWebhook(host));
    },
    async start() {
      const url = host.config.IMAP_URL;
      if (!url) {
        host.logger.info('IMAP_URL is unset: no mailbox is polled (mail services can still POST to /hooks/email/:source)');
        return;
      }
      // imapflow is loaded only when a mailbox is configured: it alone takes about 0.3 s of the start.
      const { ImapPoller } = await import('./imap.ts');
      poller = new ImapPoller(host, url, host.config.IMAP_POLL_SECONDS * 1000);
      poller.start();
    },
    async stop() {
      await poller?.stop();
    },
  };
}
