import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.ts';
import { SMS_OFF_MESSAGE, smsDoor } from '../../../doors/sms/index.ts';
import type { Host } from '../../../server/door.ts';

describe('SMS configuration', () => {
  it('is off without SMS_PROVIDER, saying so in one info line', () => {
    const lines: unknown[][] = [];
    const logger = { info: (...args: unknown[]) => lines.push(args) };
    const host = { config: loadConfig({}), logger } as unknown as Host;
    expect(smsDoor(host, [])).toBeUndefined();
    expect(lines).toEqual([[SMS_OFF_MESSAGE]]);
  });

  it("refuses a provider without its credentials and sender, naming each", () => {
    expect(() => loadConfig({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1' })).toThrow(
      /TWILIO_AUTH_TOKEN: required when SMS_PROVIDER is twilio; TWILIO_FROM: required when SMS_PROVIDER is twilio/,
    );
    expect(() => loadConfig({ SMS_PROVIDER: '46elks' })).toThrow(/ELKS_API_USERNAME: required when SMS_PROVIDER is 46elks/);
    expect(() => loadConfig({ SMS_PROVIDER: 'nexmo' })).toThrow(/SMS_PROVIDER/);
    expect(() => loadConfig({ SMS_PROVIDER: '46elks', ELKS_API_USERNAME: 'u', ELKS_API_PASSWORD: 'p', ELKS_FROM: 'opsdesk', SMS_API_URL: 'ftp://x' })).toThrow(/SMS_API_URL/);
    expect(loadConfig({ SMS_PROVIDER: '46elks', ELKS_API_USERNAME: 'u', ELKS_API_PASSWORD: 'p', ELKS_FROM: 'opsdesk' }).SMS_RETRY_HORIZON_MINUTES).toBe(60);
  });
});
