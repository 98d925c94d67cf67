/**
 * The status page's email subscriptions, in the email door (they exist only when it sends mail):
 *
 * - `POST /status/subscriptions` `{ "address": … }` (JSON or a form): records a pending subscription
 *   and mails its confirmation link, at most once an hour per address. The answer is the same 202
 *   whatever the address's state (new, pending, confirmed), so it reveals nothing. Rate-limited per
 *   client address and over all clients.
 * - `GET /status/subscriptions/confirm?id&token`: a page with a Confirm button (mail scanners that
 *   open links must not confirm for the person); `POST` the same to confirm.
 * - `GET /status/unsubscribe?id&token`: a page with an Unsubscribe button; `POST` the same (also the
 *   one-click unsubscribe of RFC 8058, body `List-Unsubscribe=One-Click`) removes the address.
 *
 * Visitors are anonymous: the door acts for them as the system (`email`), and the link's secret is
 * what the core checks.
 */
import express, { type Express, type Request, type Response } from 'express';
import { systemActor } from '../../core/actor.ts';
import { isOpsdeskError } from '../../core/errors.ts';
import { CONFIRM_LINK_HOURS, confirmStatusSubscription, requestStatusSubscription, unsubscribeFromStatus } from '../../core/incidents/index.ts';
import type { Host } from '../../server/door.ts';
import { RateLimiter } from '../../server/rate-limit.ts';
import { confirmationMessage } from './incidents/presenters.ts';
import { STATUS_UNSUBSCRIBE_PATH } from './incidents/subscribers.ts';
import { escapeHtml } from './kit.ts';
import { STATUS_CONFIRMATION_KIND, type EmailSender } from './sender.ts';

export const SUBSCRIBE_PATH = '/status/subscriptions';
export const CONFIRM_PATH = '/status/subscriptions/confirm';
/** Subscription requests one client address may make at once, then one every twelve minutes. */
export const SUBSCRIBE_BURST_PER_CLIENT = 5;
const SUBSCRIBE_PER_CLIENT_PER_SECOND = 5 / 3600;
/** Over all clients together: a bound on the confirmation mail an attack spread over many addresses can cause. */
const SUBSCRIBE_BURST_OVERALL = 200;
const SUBSCRIBE_OVERALL_PER_SECOND = 200 / 3600;

export const SUBSCRIBE_ANSWER =
  'Thank you. If this address can be subscribed, a message with a confirmation link is on its way to it; nothing is sent before it is confirmed.';

export function mountStatusSubscriptions(app: Express, host: Host, sender: EmailSender, consoleUrl: string): void {
  const perClient = new RateLimiter({ perSecond: SUBSCRIBE_PER_CLIENT_PER_SECOND, burst: SUBSCRIBE_BURST_PER_CLIENT, now: () => host.core.clock.now().getTime() });
  const overall = new RateLimiter({ perSecond: SUBSCRIBE_OVERALL_PER_SECOND, burst: SUBSCRIBE_BURST_OVERALL, now: () => host.core.clock.now().getTime() });
  const actor = (req: Request) => systemActor('email', 'email', req.requestId);
  const forms = [express.urlencoded({ extended: false, limit: '4kb' }), express.json({ limit: '4kb' })];

  app.post(SUBSCRIBE_PATH, ...forms, async (req: Request, res: Response, next) => {
    try {
      perClient.take(`client:${req.ip ?? 'unknown'}`, 'this address');
      overall.take('all', 'everyone');
      const { confirmation } = await host.core.execute(requestStatusSubscription, actor(req), { address: String(req.body?.address ?? '') });
      if (confirmation) {
        const confirmUrl = `${consoleUrl}${CONFIRM_PATH}?id=${encodeURIComponent(confirmation.subscriberId)}&token=${encodeURIComponent(confirmation.secret)}`;
        const message = confirmationMessage(confirmUrl, `${consoleUrl}/status`, CONFIRM_LINK_HOURS);
        await sender.enqueue([{ kind: STATUS_CONFIRMATION_KIND, to: { name: '', address: confirmation.address }, ...message }]);
      }
      res.status(202).json({ message: SUBSCRIBE_ANSWER });
    } catch (error) {
      next(error);
    }
  });

  const linkOf = (req: Request) => ({ id: String(req.query.id ?? ''), token: String(req.query.token ?? '') });
  const page = (res: Response, status: number, heading: string, body: string) =>
    res
      .status(status)
      .type('html')
      .setHeader('cache-control', 'no-store')
      .setHeader('referrer-policy', 'no-referrer')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(heading)}</title></head>` +
          `<body><main><h1>${escapeHtml(heading)}</h1>${body}<p><a href="/status">The status page</a></p></main></body></html>`,
      );
  const button = (path: string, req: Request, label: string) => {
    const { id, token } = linkOf(req);
    return `<form method="post" action="${escapeHtml(`${path}?id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}`)}"><button type="submit">${escapeHtml(label)}</button></form>`;
  };
  /** A link that is wrong, used or expired: one answer, whatever the reason. */
  const refused = (error: unknown, res: Response, next: (e: unknown) => void, heading: string) => {
    if (isOpsdeskError(error) && (error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT')) {
      page(res, 404, heading, '<p>This link is not valid or has expired.</p>');
    } else next(error);
  };

  app.get(CONFIRM_PATH, (req, res) => page(res, 200, 'Confirm your subscription', `<p>Get the status page's incident and maintenance notices by email.</p>${button(CONFIRM_PATH, req, 'Confirm')}`));
  app.post(CONFIRM_PATH, ...forms, async (req: Request, res: Response, next) => {
    try {
      const { id, token } = linkOf(req);
      await host.core.execute(confirmStatusSubscription, actor(req), { subscriberId: id, secret: token });
      page(res, 200, 'Subscription confirmed', '<p>You will get an email for each incident and maintenance notice on the status page. Each one has a link to unsubscribe.</p>');
    } catch (error) {
      refused(error, res, next, 'Subscription not confirmed');
    }
  });

  app.get(STATUS_UNSUBSCRIBE_PATH, (req, res) => page(res, 200, 'Unsubscribe', `<p>Stop getting the status page's notices by email.</p>${button(STATUS_UNSUBSCRIBE_PATH, req, 'Unsubscribe')}`));
  app.post(STATUS_UNSUBSCRIBE_PATH, ...forms, async (req: Request, res: Response, next) => {
    try {
      const { id, token } = linkOf(req);
      await host.core.execute(unsubscribeFromStatus, actor(req), { subscriberId: id, token });
      page(res, 200, 'Unsubscribed', '<p>Your address is removed: nothing more is sent to it.</p>');
    } catch (error) {
      refused(error, res, next, 'Not unsubscribed');
    }
  });
}
