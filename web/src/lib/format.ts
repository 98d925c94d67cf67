/** Plain formatting helpers (no React). */
import type { CombinedError } from 'urql';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function localTime(value: string | Date): string {
  return dateTime.format(typeof value === 'string' ? new Date(value) : value);
}

export function utcTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "2 h 5 min", "45 s", for a span in milliseconds (never negative). */
export function span(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** What went wrong, in words for the person: the server's own messages, or what to do. */
export function errorText(error: CombinedError | Error | undefined | null): string {
  if (!error) return '';
  if ('graphQLErrors' in error && error.graphQLErrors.length > 0) {
    return error.graphQLErrors
      .map((e) => {
        const fields = (e.extensions?.details as { fields?: Record<string, string> } | undefined)?.fields;
        const detail = fields ? ` (${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '';
        return `${e.message}${detail}`;
      })
      .join(' ');
  }
  if ('networkError' in error && error.networkError) return 'Could not reach opsdesk. Check your connection, then try again.';
  return error.message;
}

export function errorCode(error: CombinedError | undefined): string | undefined {
  return error?.graphQLErrors.find((e) => typeof e.extensions?.code === 'string')?.extensions.code as string | undefined;
}

export const statusLabels: Record<string, string> = {
  RECEIVED: 'Ticket received',
  IN_PROGRESS: 'Being processed',
  AWAITING_CLIENT: 'Awaiting your reply',
  BUG_LOGGED: 'Bug logged, awaiting resolution',
  RESOLVED: 'Ticket has been resolved',
  CLOSED: 'Ticket has been closed',
};

export const severityHelp: Record<string, string> = {
  URGENT: 'Critical fault preventing production, or obviously incorrect results; no workaround.',
  HIGH: 'Severe fault with a workaround, not preventing production.',
  MEDIUM: 'Less serious fault affecting parts of the service, not significantly impeding use.',
  LOW: 'Little or no impact; cosmetic.',
};

export const SEVERITIES = ['URGENT', 'HIGH', 'MEDIUM', 'LOW'] as const;
export const TICKET_STATUSES = ['RECEIVED', 'IN_PROGRESS', 'AWAITING_CLIENT', 'BUG_LOGGED', 'RESOLVED', 'CLOSED'] as const;

export function words(value: string): string {
  const lower = value.toLowerCase().replace(/_/g, ' ');
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

export function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
