/**
 * The email door, inbound: raw mail from mail services at `POST /hooks/email/:source`, and the
 * IMAP mailbox at IMAP_URL polled by one instance of the cluster. Both take the same road
 * (receive.ts): a trusted sender's mail becomes a ticket or a comment as that person, through door
 * `email`; everything else waits in the quarantine for staff.
 */
import type { Door, Host } from '../../server/door.ts';
import { ImapPoller } from './imap.ts';
import { emailWebhook } from './webhook.ts';

export function inboundEmailDoor(host: Host): Door {
  const poller = host.config.IMAP_URL ? new ImapPoller(host, host.config.IMAP_URL, host.config.IMAP_POLL_SECONDS * 1000) : undefined;
  if (!host.config.EMAIL_AUTHSERV_ID) {
    host.logger.info('EMAIL_AUTHSERV_ID is unset: every inbound mail is quarantined (no trusted Authentication-Results configured)');
  }
  return {
    name: 'email-inbound',
    mount(app) {
      app.use(emailWebhook(host));
    },
    async start() {
      if (!poller) host.logger.info('IMAP_URL is unset: no mailbox is polled (mail services can still POST to /hooks/email/:source)');
      poller?.start();
    },
    async stop() {
      await poller?.stop();
    },
  };
}
