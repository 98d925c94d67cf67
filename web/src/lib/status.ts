/**
 * A status page as `/status.json` answers it (doors/web/status-page.ts, core/status/public.ts; an
 * org's page from GraphQL is turned into the same shape, lib/org-status.ts), and the hook that keeps
 * it fresh: read at once, again whenever its live source says it changed (at most about once a
 * second), and every 5 minutes whatever happens (a stream that cannot open, a change the stream
 * missed), keeping the last answer on screen when a refresh fails and saying so.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type ServiceState = 'operational' | 'degraded' | 'down' | 'unknown';

export interface ResponseTimePoint {
  start: string;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface ResponseTimes {
  p50Ms: number | null;
  p95Ms: number | null;
  /** The chart, oldest first: hourly over 24 hours, 6-hourly over 7 days, daily over 90 days. */
  points: ResponseTimePoint[];
}

export interface PublicService {
  id: string;
  name: string;
  description: string;
  state: ServiceState;
  stateLabel: string;
  availability: { percent: number | null; days: { date: string; percent: number | null }[] };
  responseTimes: { last24Hours: ResponseTimes; last7Days: ResponseTimes; last90Days: ResponseTimes };
}

export interface PublicIncident {
  id: string;
  title: string;
  impact: 'none' | 'minor' | 'major' | 'critical';
  impactLabel: string;
  status: string;
  statusLabel: string;
  openedAt: string;
  resolvedAt: string | null;
  services: string[];
  updates: { status: string; statusLabel: string; message: string; at: string }[];
}

export interface PublicMaintenance {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  state: 'scheduled' | 'in_progress' | 'completed' | 'cancelled';
  services: string[];
}

export interface PublicStatus {
  generatedAt: string;
  overall: ServiceState;
  availabilityRule: string;
  days: number;
  services: PublicService[];
  /** Open incidents and those resolved lately, newest first. */
  incidents: PublicIncident[];
  /** Maintenance windows not over, soonest first. */
  maintenance: PublicMaintenance[];
  /** The Atom feed's and the maintenance calendar's paths (the public page's only). */
  feeds?: { atom: string; calendar: string };
  /** Whether the page may offer email subscriptions (opsdesk sends mail; the public page's only). */
  emailSubscriptions?: boolean;
}

/** How often the page reads again whatever its live source says (the slow fallback). */
export const REFRESH_MS = 5 * 60_000;
/** After a failed read, the next comes this much later. */
export const RETRY_MS = 30_000;
/** Changes closer together than this are read once. */
const CHANGE_SETTLE_MS = 1_000;

/**
 * Where a page's status comes from: `load` reads it (`hint`: what the live source said about the
 * change, e.g. its version); `follow` calls `changed` when it may have changed and returns how to stop.
 */
export interface StatusSource {
  key: string;
  load(hint?: string): Promise<PublicStatus>;
  follow(changed: (hint?: string) => void): () => void;
}

/** The public page: `/status.json`, and after a change `/status.json?v=N`, which no cache has kept. */
export async function fetchStatus(version?: string): Promise<PublicStatus> {
  const url = version === undefined ? '/status.json' : `/status.json?v=${encodeURIComponent(version)}`;
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`opsdesk answered ${response.status}`);
  return (await response.json()) as PublicStatus;
}

/**
 * The public stream (`/status/events`): each `status` event carries the version of the status now; a
 * new version is a change. The browser reconnects a dropped stream by itself; the first version after a
 * reconnect is compared with the last one seen, so a change made while it was down is read too.
 */
export const publicStatusSource: StatusSource = {
  key: 'public',
  load: fetchStatus,
  follow(changed) {
    if (typeof EventSource === 'undefined') return () => {};
    const events = new EventSource('/status/events');
    let seen: number | undefined;
    events.addEventListener('status', (event) => {
      const { version } = JSON.parse((event as MessageEvent<string>).data) as { version: number };
      if (seen !== undefined && version !== seen) changed(String(version));
      seen = version;
    });
    return () => events.close();
  },
};

export interface StatusFeed {
  status?: PublicStatus;
  /** The last refresh failed (the figures shown are from the answer before, if any). */
  error?: Error;
  /** When the last refresh failed. */
  failedAt?: Date;
  refresh(): void;
}

export function useStatusFeed(source: StatusSource, everyMs = REFRESH_MS): StatusFeed {
  const [status, setStatus] = useState<PublicStatus>();
  const [failure, setFailure] = useState<{ error: Error; at: Date }>();
  const live = useRef(true);
  const latestSource = useRef(source);
  latestSource.current = source;

  const read = useCallback((hint?: string) => {
    latestSource.current.load(hint).then(
      (next) => {
        if (!live.current) return;
        setStatus(next);
        setFailure(undefined);
      },
      (error: unknown) => {
        if (!live.current) return;
        setFailure({ error: error instanceof Error ? error : new Error(String(error)), at: new Date() });
      },
    );
  }, []);
  const refresh = useCallback(() => read(), [read]);

  useEffect(() => {
    live.current = true;
    setStatus(undefined);
    setFailure(undefined);
    read();
    const timer = setInterval(() => read(), everyMs);
    // Back online: read at once rather than at the next tick.
    const online = () => read();
    window.addEventListener('online', online);
    // A storm of changes is read once a second at most, with the newest hint.
    let settle: ReturnType<typeof setTimeout> | undefined;
    let pending: { hint?: string } | undefined;
    const changed = (hint?: string) => {
      pending = { hint };
      if (settle) return;
      read(pending.hint);
      pending = undefined;
      const again = () => {
        settle = undefined;
        if (!pending) return;
        read(pending.hint);
        pending = undefined;
        settle = setTimeout(again, CHANGE_SETTLE_MS);
      };
      settle = setTimeout(again, CHANGE_SETTLE_MS);
    };
    const stop = source.follow(changed);
    return () => {
      live.current = false;
      clearInterval(timer);
      clearTimeout(settle);
      window.removeEventListener('online', online);
      stop();
    };
    // The source's key says when it is another source (another org); its functions may be new objects each render.
  }, [source.key, read, everyMs]);

  // A failed read is tried again sooner than the slow refresh.
  useEffect(() => {
    if (!failure) return;
    const retry = setTimeout(() => read(), RETRY_MS);
    return () => clearTimeout(retry);
  }, [failure, read]);

  return { status, error: failure?.error, failedAt: failure?.at, refresh };
}

/** A percentage as the page shows it: rounded down to two decimals, so 100% means no failed check. */
export function percentText(percent: number | null): string {
  if (percent === null) return 'no data';
  if (percent >= 100) return '100%';
  return `${(Math.floor(percent * 100) / 100).toFixed(2)}%`;
}

export function msText(ms: number | null): string {
  return ms === null ? 'no data' : `${ms.toLocaleString('en-US')} ms`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A UTC day (YYYY-MM-DD) in the reader's words. */
export function dayText(date: string): string {
  return dayFormat.format(new Date(`${date}T00:00:00Z`));
}

/** The class of a day's bar: no data, fully up, slightly down, or down for a noticeable share. */
export function dayClass(percent: number | null): string {
  if (percent === null) return 'day-none';
  if (percent >= 99.9) return 'day-ok';
  if (percent >= 99) return 'day-warn';
  return 'day-bad';
}
