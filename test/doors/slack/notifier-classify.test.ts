/**
 * What the notifier makes of each way a Web API call can fail: the real Web API client (configured
 * as the notifier's: no retries of its own, rate limits rejected) against the msw fake of Slack.
 */
import { WebClient } from '@slack/web-api';
import { HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../../doors/slack/notifier/delivery.ts';
import { fakeSlackApi, SLACK_BOT_TOKEN, type FakeSlackApi } from '../../support/slack.ts';

describe('the notifier’s reading of a failed Slack call', () => {
  let slack: FakeSlackApi;
  const client = new WebClient(SLACK_BOT_TOKEN, {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: (url, init) => globalThis.fetch(url, init as RequestInit),
  });
  const outcomeOfPosting = async () => {
    try {
      await client.chat.postMessage({ channel: 'C1', text: 'hello' });
      return { outcome: 'sent' };
    } catch (error) {
      return classify(error);
    }
  };
  const answering = (error: string) => slack.answer('chat.postMessage', () => ({ ok: false, error }));

  beforeAll(() => {
    slack = fakeSlackApi();
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  it.each(['ratelimited', 'rate_limited', 'service_unavailable', 'internal_error', 'fatal_error', 'request_timeout'])(
    'retries Slack’s passing error %s',
    async (error) => {
      answering(error);
      expect(await outcomeOfPosting()).toEqual({ outcome: 'retry', cause: 'slack', reason: error });
    },
  );

  it.each(['invalid_blocks', 'channel_not_found', 'not_in_channel', 'account_inactive', 'is_archived', 'user_not_found', 'msg_too_long'])(
    'gives up on %s, which repeating will not change',
    async (error) => {
      answering(error);
      expect(await outcomeOfPosting()).toEqual({ outcome: 'refused', reason: error, detail: error });
    },
  );

  it('retries when Slack cannot be reached or answers 5xx, 408 or 429 without saying how long to wait', async () => {
    slack.outage(() => HttpResponse.error());
    expect(await outcomeOfPosting()).toMatchObject({ outcome: 'retry', cause: 'slack', reason: expect.stringMatching(/^Slack unreachable/) });
    for (const status of [500, 502, 503, 504, 408]) {
      slack.outage(() => new HttpResponse('no', { status }));
      expect(await outcomeOfPosting()).toEqual({ outcome: 'retry', cause: 'slack', reason: `Slack answered HTTP ${status}` });
    }
  });

  it('waits as long as Slack says when rate limited', async () => {
    slack.rateLimit('chat.postMessage', 7);
    expect(await outcomeOfPosting()).toEqual({ outcome: 'retry', cause: 'slack', reason: 'rate limited by Slack', afterMs: 7_000 });
  });

  it('gives up on other HTTP refusals, and retries its own errors as its own', async () => {
    slack.outage(() => new HttpResponse('gone', { status: 410 }));
    expect(await outcomeOfPosting()).toEqual({ outcome: 'refused', reason: 'http_410', detail: 'Slack answered HTTP 410' });
    expect(classify(new Error('relation "slack_cards" does not exist'))).toEqual({ outcome: 'retry', cause: 'ours', reason: 'relation "slack_cards" does not exist' });
  });
});
