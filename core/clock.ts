/** Time comes from a clock, so SLA and timer rules are testable without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (tests, benchmarks). */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-11-23T09:00:00Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}

/** "2026-11-23 09:00 UTC": how opsdesk writes an instant where the reader's zone is unknown (messages, fallbacks). */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
