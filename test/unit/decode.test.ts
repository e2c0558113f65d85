import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, QuarantineReason } from '#core/decode.ts';
import type { MskRecord } from '#core/msk.ts';

const record = (value: string | null | undefined): MskRecord => ({
  topic: 'user-tracking-events',
  partition: 2,
  offset: 17,
  timestamp: 0,
  timestampType: 'CREATE_TIME',
  value,
});

const base64 = (bytes: Uint8Array | string) =>
  Buffer.from(bytes).toString('base64');

const validEvent = fc.record(
  {
    event_id: fc.string({ minLength: 1 }),
    user_id: fc.string({ minLength: 1 }),
    event_type: fc.string({ minLength: 1 }),
    timestamp: fc.nat(),
    event_name: fc.string(),
    is_https: fc.boolean(),
    parameters: fc.record({
      utm_source: fc.string(),
      custom_params: fc.dictionary(
        fc.string().filter((key) => key !== '__proto__'),
        fc.jsonValue()
      ),
    }),
  },
  { requiredKeys: ['event_id', 'user_id', 'event_type', 'timestamp'] }
);

describe('decodeRecord', () => {
  it('decodes every valid event to an equal event', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        const result = decodeRecord(record(base64(JSON.stringify(event))));
        expect(result.ok).toBe(true);
        if (result.ok)
          expect(result.event).toEqual(JSON.parse(JSON.stringify(event)));
      })
    );
  });

  it('drops a __proto__ key rather than let it reach an object prototype', () => {
    const text =
      '{"event_id":"a","user_id":"b","event_type":"c","timestamp":1,' +
      '"parameters":{"custom_params":{"__proto__":{"polluted":true}}}}';
    const result = decodeRecord(record(base64(text)));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.event.parameters?.custom_params).toEqual({});
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('never throws, whatever the value', () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), (value) => {
        const result = decodeRecord(record(value));
        expect(typeof result.ok).toBe('boolean');
      })
    );
  });

  it('rejects bytes that are not UTF-8 with INVALID_UTF8', () => {
    const invalidUtf8 = fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((bytes) => Uint8Array.from([0xc3, 0x28, ...bytes]));
    fc.assert(
      fc.property(invalidUtf8, (bytes) => {
        const result = decodeRecord(record(base64(bytes)));
        expect(result).toMatchObject({
          ok: false,
          reason: QuarantineReason.INVALID_UTF8,
        });
      })
    );
  });

  it('rejects text that is not JSON with INVALID_JSON', () => {
    const notJson = fc.string({ minLength: 1 }).filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
    fc.assert(
      fc.property(notJson, (text) => {
        const result = decodeRecord(record(base64(text)));
        expect(result).toMatchObject({
          ok: false,
          reason: QuarantineReason.INVALID_JSON,
        });
      })
    );
  });

  it('rejects an event without a required field with INVALID_EVENT naming it', () => {
    const required = [
      'event_id',
      'user_id',
      'event_type',
      'timestamp',
    ] as const;
    fc.assert(
      fc.property(validEvent, fc.constantFrom(...required), (event, field) => {
        const { [field]: _dropped, ...rest } = event;
        const result = decodeRecord(record(base64(JSON.stringify(rest))));
        expect(result).toMatchObject({
          ok: false,
          reason: QuarantineReason.INVALID_EVENT,
        });
        if (!result.ok) expect(result.detail).toContain(field);
      })
    );
  });

  it('keeps the raw value and position of a rejected record', () => {
    const value = base64('not json');
    const result = decodeRecord(record(value));
    expect(result).toEqual({
      ok: false,
      topic: 'user-tracking-events',
      partition: 2,
      offset: 17,
      reason: QuarantineReason.INVALID_JSON,
      detail: expect.any(String),
      rawValue: value,
    });
  });

  it('rejects a missing value and a value that is not base64', () => {
    expect(decodeRecord(record(null))).toMatchObject({ reason: 'EMPTY_VALUE' });
    expect(decodeRecord(record('%%%='))).toMatchObject({
      reason: 'INVALID_BASE64',
    });
  });
});
