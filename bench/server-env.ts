/**
 * The environment of a server a benchmark starts. One client drives the whole load through one or a
 * few tokens, so the per-token rate limit would measure itself: it is off here (and measured on its own
 * terms nowhere, being a fixed bucket per credential).
 */
export const BENCH_SERVER_ENV = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', RATE_LIMIT_PER_SECOND: '0' } as const;
