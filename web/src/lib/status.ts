/**
 * The public status as `/status.json` answers it (doors/web/status-page.ts, core/status/public.ts),
 * and the hook that keeps it fresh: read at once, then every 30 seconds, keeping the last answer
 * on screen when a refresh fails and saying so.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type ServiceState = 'operational' | 'degraded' | 'down' | 'unknown';

export interface ResponseTimes {
  p50Ms: number | null;
  p95Ms: number | null;
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
  /** The Atom feed's and the maintenance calendar's paths. */
  feeds: { atom: string; calendar: string };
  /** Whether the page may offer email subscriptions (opsdesk sends mail). */
  emailSubscriptions: boolean;
}

/** How often the page reads again (the server lets caches keep an answer as long). */
export const REFRESH_MS = 30_000;

export async function fetchStatus(): Promise<PublicStatus> {
  const response = await fetch('/status.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`opsdesk answered ${response.status}`);
  return (await response.json()) as PublicStatus;
}

export interface StatusFeed {
  status?: PublicStatus;
  /** The last refresh failed (the figures shown are from the answer before, if any). */
  error?: Error;
  /** When the last refresh failed. */
  failedAt?: Date;
  refresh(): void;
}

export function useStatusFeed(everyMs = REFRESH_MS): StatusFeed {
  const [status, setStatus] = useState<PublicStatus>();
  const [failure, setFailure] = useState<{ error: Error; at: Date }>();
  const live = useRef(true);

  const refresh = useCallback(() => {
    fetchStatus().then(
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

  useEffect(() => {
    live.current = true;
    refresh();
    const timer = setInterval(refresh, everyMs);
    // Back online: read at once rather than at the next tick.
    window.addEventListener('online', refresh);
    return () => {
      live.current = false;
      clearInterval(timer);
      window.removeEventListener('online', refresh);
    };
  }, [refresh, everyMs]);

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
