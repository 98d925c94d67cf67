/**
 * Logs and metrics that the core produces; the gateway serves the metrics at `/metrics`.
 * Each Core has its own registry, so several instances in one process (tests) do not collide.
 */
import pino, { type Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type { Logger };

export function createLogger(
  options: { level?: string; name?: string; /** File descriptor: 1 (stdout, default) or 2 (stderr). */ fd?: 1 | 2 } = {},
): Logger {
  return pino(
    {
      name: options.name ?? 'opsdesk',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      // Secrets never reach a log line, whatever a handler passes in.
      redact: ['req.headers.authorization', 'token', '*.token', 'secret', '*.secret', 'password'],
    },
    pino.destination({ dest: options.fd ?? 1, sync: true }),
  );
}

export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'opsdesk_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly commandDuration = new Histogram({
    name: 'opsdesk_command_duration_seconds',
    help: 'Core command latency, transaction commit included',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly eventsPublished = new Counter({
    name: 'opsdesk_events_published_total',
    help: 'Domain events published after commit',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly timersFired = new Counter({
    name: 'opsdesk_timers_fired_total',
    help: 'Durable timers fired by this instance',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly slackMessages = new Counter({
    name: 'opsdesk_slack_messages_total',
    help: 'Slack messages the notifier sent, retried, folded or gave up on',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly slackGivenUp = new Counter({
    name: 'opsdesk_slack_given_up_total',
    help: 'Slack messages given up, by reason: a refusal Slack will not change (its error code), or retry_horizon',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly slackLatePages = new Gauge({
    name: 'opsdesk_slack_late_pages',
    help: 'Alarm pages still waiting for Slack more than 60 s after they were queued (on the instance that sends them)',
    registers: [this.registry],
  });
  readonly slackLatePagesTotal = new Counter({
    name: 'opsdesk_slack_late_pages_total',
    help: 'Alarm pages that waited more than 60 s for Slack',
    registers: [this.registry],
  });
  readonly slackQueue = new Gauge({
    name: 'opsdesk_slack_queue_depth',
    help: 'Slack messages waiting to be sent (on the instance that sends them)',
    registers: [this.registry],
  });

  readonly emailMessages = new Counter({
    name: 'opsdesk_email_messages_total',
    help: 'Emails the email door sent, retried or gave up on',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly emailGivenUp = new Counter({
    name: 'opsdesk_email_given_up_total',
    help: 'Emails given up, by reason: a permanent SMTP refusal (smtp_5xx), or retry_horizon',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly emailQueue = new Gauge({
    name: 'opsdesk_email_queue_depth',
    help: 'Emails waiting to be sent (on the instance that sends them)',
    registers: [this.registry],
  });

  readonly smsMessages = new Counter({
    name: 'opsdesk_sms_messages_total',
    help: 'Text messages the SMS door sent, retried or gave up on',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly smsGivenUp = new Counter({
    name: 'opsdesk_sms_given_up_total',
    help: 'Text messages given up, by reason: a permanent refusal by the provider, or retry_horizon',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly smsQueue = new Gauge({
    name: 'opsdesk_sms_queue_depth',
    help: 'Text messages waiting to be sent (on the instance that sends them)',
    registers: [this.registry],
  });
  readonly graphqlSubscriptions = new Gauge({
    name: 'opsdesk_graphql_subscriptions',
    help: 'Open graphql-ws subscriptions carried by the multiplexer (on this instance)',
    registers: [this.registry],
  });
  readonly graphqlFanout = new Histogram({
    name: 'opsdesk_graphql_subscription_fanout_seconds',
    help: 'Per event and group of subscriptions: executing the selection once, serialising it, and writing its frame to every socket of the group',
    labelNames: ['phase'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly graphqlSubscriptionGroups = new Gauge({
    name: 'opsdesk_graphql_subscription_groups',
    help: 'Groups of subscriptions sharing document, variables and authorisation scope: executions per event (on this instance)',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
