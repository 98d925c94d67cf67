/**
 * The SMS door: what the capabilities' SMS rules say after their events goes out as text messages
 * through one provider (SMS_PROVIDER: Twilio or 46elks), durably (sender.ts); the provider's
 * delivery receipts come back at `POST /hooks/sms/:provider`, checked (Twilio's signature, the
 * install's secret in 46elks' callback URL) and written on the text's row. Off, with one log line,
 * when SMS_PROVIDER is unset.
 */
import express, { type Request, type Response } from 'express';
import { systemActor } from '../../core/actor.ts';
import { reportPageUndelivered } from '../../core/alarms/index.ts';
import { OpsdeskError } from '../../core/errors.ts';
import type { Config } from '../../server/config.ts';
import type { Door, Host } from '../../server/door.ts';
import { elksProvider } from './providers/elks.ts';
import { twilioProvider } from './providers/twilio.ts';
import type { SmsProvider } from './providers/types.ts';
import { SmsSender, type SmsSenderOptions } from './sender.ts';
import { SmsStore, type SmsOutboxRow } from './store/index.ts';
import type { SmsPart } from './types.ts';

export type { SmsPart } from './types.ts';
export const SMS_OFF_MESSAGE = 'SMS is off (set SMS_PROVIDER to twilio or 46elks, with its credentials, to page by text message)';

export interface SmsDoorOptions {
  sender?: Partial<Pick<SmsSenderOptions, 'autoRun' | 'pollMs' | 'clock' | 'retryHorizonMs' | 'rules' | 'undeliverable'>>;
  /** A receipt marked on its row (tests wait for it; the core hears of failures through `undeliverable`). */
  onReceipt?: (row: SmsOutboxRow) => void;
}

export interface SmsDoor extends Door {
  readonly sender: SmsSender;
  readonly store: SmsStore;
  readonly provider: SmsProvider;
}

function publicUrlOf(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

function providerOf(config: Config, secret: () => string | undefined): SmsProvider | undefined {
  if (config.SMS_PROVIDER === 'twilio') {
    return twilioProvider({ accountSid: config.TWILIO_ACCOUNT_SID!, authToken: config.TWILIO_AUTH_TOKEN!, from: config.TWILIO_FROM!, apiUrl: config.SMS_API_URL });
  }
  if (config.SMS_PROVIDER === '46elks') {
    return elksProvider({ username: config.ELKS_API_USERNAME!, password: config.ELKS_API_PASSWORD!, from: config.ELKS_FROM!, apiUrl: config.SMS_API_URL, secret });
  }
  return undefined;
}

const text = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));

/** The SMS door; undefined (and one log line) when SMS_PROVIDER is not set. */
export function smsDoor(host: Host, parts: readonly SmsPart[], options: SmsDoorOptions = {}): SmsDoor | undefined {
  const { config } = host;
  let secret: string | undefined;
  const provider = providerOf(config, () => secret);
  if (!provider) {
    host.logger.info(SMS_OFF_MESSAGE);
    return undefined;
  }
  const logger = host.logger.child({ door: 'sms' });
  const store = new SmsStore(host.core.database.db);
  const publicUrl = publicUrlOf(config);
  /** A page that did not get through goes to the core (which pages the person's next channel), then to a test's hook. */
  const undeliverable = async (row: SmsOutboxRow, reason: string) => {
    if (row.subject?.startsWith('page:')) {
      const actor = systemActor('sms', 'sms', `sms-${host.core.instanceId}`);
      await host.core
        .execute(reportPageUndelivered, actor, { pageId: row.subject.slice('page:'.length), reason: `SMS: ${reason}` })
        // Already reported: a failed receipt for a text given up before, say.
        .catch((error: unknown) => {
          if (!(error instanceof OpsdeskError && error.code === 'CONFLICT')) throw error;
        });
    }
    await options.sender?.undeliverable?.(row, reason);
  };
  const sender = new SmsSender(
    { ...host, logger },
    {
      provider,
      store,
      rules: parts.flatMap((part) => (part.rule ? [part.rule] : [])),
      consoleUrl: publicUrl,
      publicUrl,
      retryHorizonMs: config.SMS_RETRY_HORIZON_MINUTES * 60_000,
      ...options.sender,
      undeliverable,
    },
  );
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  return {
    name: 'sms',
    sender,
    store,
    provider,
    mount(app) {
      app.post('/hooks/sms/:provider', form, async (req: Request, res: Response) => {
        if (req.params.provider !== provider.name) {
          res.status(404).json({ error: { code: 'NOT_FOUND', message: `no SMS provider ${String(req.params.provider)} is configured` } });
          return;
        }
        try {
          secret ??= await store.callbackSecret(provider.name);
          const receipt = provider.receipt({ url: `${publicUrl}${req.originalUrl}`, query: text(req.query), params: text(req.body), headers: req.headers });
          if (receipt === 'unauthenticated') {
            logger.warn({ provider: provider.name, requestId: req.requestId }, 'an SMS receipt was refused: its signature or secret is wrong');
            res.status(403).json({ error: { code: 'UNAUTHENTICATED', message: 'the receipt does not carry a valid signature or secret' } });
            return;
          }
          if (receipt === 'malformed') {
            res.status(400).json({ error: { code: 'INVALID_INPUT', message: 'a receipt names the message and its status' } });
            return;
          }
          if (receipt.status !== 'other') {
            const row = await store.receipt(provider.name, receipt.providerMessageId, receipt.status, receipt.detail, host.core.clock.now());
            if (row) {
              options.onReceipt?.(row);
              if (receipt.status === 'failed') await undeliverable(row, `the provider reports: ${receipt.detail ?? 'failed'}`);
            }
          }
          res.status(204).end();
        } catch (error) {
          logger.error({ err: error, provider: provider.name }, 'an SMS receipt could not be recorded');
          res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error' } });
        }
      });
    },
    async start() {
      secret = await store.callbackSecret(provider.name);
      await sender.start();
      logger.info({ provider: provider.name, api: config.SMS_API_URL ?? 'the provider’s own' }, 'SMS door open');
    },
    async stop() {
      await sender.stop();
    },
  };
}
