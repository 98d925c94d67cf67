/**
 * The public status page's live stream: `GET /status/events`, Server-Sent Events, without sign-in.
 *
 * It carries no figures, only a version: `event: status` with `{"version": N}` each time what
 * `/status.json` shows has changed (a check down or back, an incident or window, a service changed, a
 * matched alarm opening or resolving). The page then reads `/status.json?v=N`: a URL no browser or
 * proxy has kept, answered from the read that found the change while it is the newest one. One watch
 * serves every stream: a storm of events costs one read a second at most, and a stream is told nothing
 * when nothing it shows changed (an internal service's events included).
 *
 * Connections are bounded per address and in total (429 beyond), a comment every 25 s keeps idle
 * proxies from closing them, and `close` ends them all on shutdown.
 */
import type { Express, Request, Response } from 'express';
import { changesStatusPage } from '../../core/incidents/index.ts';
import { OpsdeskError } from '../../core/errors.ts';
import { pageFingerprint, watchChanges, type ChangeWatch } from '../../server/change-watch.ts';
import type { Host } from '../../server/door.ts';

/** How long an idle stream waits between keep-alive comments. */
const KEEP_ALIVE_MS = 25_000;
/** How long a browser waits before reconnecting a dropped stream (the SSE `retry` field). */
const RECONNECT_MS = 5_000;

export interface StatusStream<T> {
  /** The answer the watch read with this version (always the newest it found), while younger than `maxAgeMs`; undefined otherwise. */
  answerFor(version: string | undefined, maxAgeMs: number): T | undefined;
  /** End every stream and stop watching (the door's stop). */
  close(): void;
}

export function mountStatusStream<T extends { generatedAt: Date }>(app: Express, host: Host, read: () => Promise<T>): StatusStream<T> {
  const { config, logger, core } = host;
  const open = new Set<Response>();
  const perAddress = new Map<string, number>();
  let version = 0;
  let latest: { version: number; value: T; readAt: number } | undefined;
  let watch: ChangeWatch | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  let closed = false;

  const send = (res: Response, frame: string) => {
    if (!res.writableEnded) res.write(frame);
  };
  const versionFrame = () => `event: status\ndata: ${JSON.stringify({ version })}\n\n`;

  // Watch only while someone listens: a page nobody has open costs nothing.
  const startWatching = () => {
    watch = watchChanges({
      bus: core.bus,
      relevant: changesStatusPage,
      read,
      fingerprint: (value: T) => pageFingerprint(value),
      onChange: (value) => {
        version += 1;
        latest = { version, value, readAt: Date.now() };
        const frame = versionFrame();
        for (const res of open) send(res, frame);
      },
      onError: (error) => logger.error({ err: error }, 'the status stream could not read the status'),
    });
    watch.prime().catch((error) => logger.error({ err: error }, 'the status stream could not read the status'));
    keepAlive = setInterval(() => {
      for (const res of open) send(res, ': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    keepAlive.unref();
  };
  const stopWatching = () => {
    watch?.close();
    watch = undefined;
    if (keepAlive) clearInterval(keepAlive);
    keepAlive = undefined;
  };

  app.get('/status/events', (req: Request, res: Response, next) => {
    if (closed) return next(new OpsdeskError('UNAVAILABLE', 'the server is shutting down; try again shortly'));
    const address = req.ip ?? 'unknown';
    const mine = perAddress.get(address) ?? 0;
    if (open.size >= config.STATUS_STREAM_MAX_CONNECTIONS || mine >= config.STATUS_STREAM_MAX_PER_ADDRESS) {
      const error = new OpsdeskError('RATE_LIMITED', 'too many open status streams; the page refreshes by itself without one', { retryAfterSeconds: 60 });
      return next(error);
    }
    perAddress.set(address, mine + 1);
    open.add(res);
    if (!watch) startWatching();
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    // Proxies that buffer responses (nginx) would hold the events back.
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    send(res, `retry: ${RECONNECT_MS}\n`);
    send(res, versionFrame());
    res.on('close', () => {
      open.delete(res);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
      if (open.size === 0) stopWatching();
    });
  });

  return {
    answerFor(asked, maxAgeMs) {
      if (!latest || asked !== String(latest.version) || Date.now() - latest.readAt > maxAgeMs) return undefined;
      return latest.value;
    },
    close() {
      closed = true;
      stopWatching();
      for (const res of open) res.end();
      open.clear();
      perAddress.clear();
    },
  };
}
