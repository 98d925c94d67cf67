/**
 * The webhooks door: machines that push to opsdesk (monitoring's alarms, and later heartbeats and
 * raw mail), each authenticated by a secret of its own source. Each capability brings its routes;
 * they answer only once what they carried is committed.
 */
import type { Router } from 'express';
import type { Door, Host } from '../../server/door.ts';

/** A capability's part of the webhooks door: its routes under `/hooks/`. */
export interface WebhooksPart {
  routes(host: Host): Router;
}

export function webhooksDoor(host: Host, parts: readonly WebhooksPart[]): Door {
  return {
    name: 'webhooks',
    mount(app) {
      for (const part of parts) app.use(part.routes(host));
    },
  };
}
