import { describe, expect, it } from 'vitest';
import { readConfig } from '#core/config.ts';

const required = {
  TRIPLINE_TABLE_NAME: 'checkpoints',
  TRIPLINE_EVENT_BUS_NAME: 'tripline',
  TRIPLINE_QUARANTINE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/q',
};

describe('readConfig', () => {
  it('applies the documented defaults', () => {
    const config = readConfig(required);
    expect(config).toMatchObject({
      ttlMinutes: 10,
      historyCap: 100,
      ttlAttribute: 'expires_at',
      filtersLocation: 'filters',
    });
  });

  it('names the missing environment variable', () => {
    const { TRIPLINE_TABLE_NAME: _t, ...rest } = required;
    expect(() => readConfig(rest)).toThrow(
      'Environment variable TRIPLINE_TABLE_NAME is required'
    );
  });

  it('names the variable whose value breaks its rule', () => {
    expect(() =>
      readConfig({ ...required, TRIPLINE_HISTORY_CAP: '0' })
    ).toThrow(/TRIPLINE_HISTORY_CAP: /);
    expect(() =>
      readConfig({ ...required, TRIPLINE_PROFILE_API_URL: 'not a url' })
    ).toThrow(/TRIPLINE_PROFILE_API_URL/);
  });
});
