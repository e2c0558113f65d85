/**
 * @module Building MSK events for tests, as the event source mapping would.
 */
import type { MskEvent, MskRecord } from '#core/msk.ts';

/** A record whose value is `value` encoded as the mapping does. */
export const mskRecord = (
  value: unknown,
  position: { topic?: string; partition?: number; offset: number }
): MskRecord => ({
  topic: position.topic ?? 'user-tracking-events',
  partition: position.partition ?? 0,
  offset: position.offset,
  timestamp: 1_738_742_400_000,
  timestampType: 'CREATE_TIME',
  key: null,
  value: Buffer.from(
    typeof value === 'string' ? value : JSON.stringify(value),
    'utf8'
  ).toString('base64'),
  headers: [],
});

/** Wraps records in an MSK event keyed by `topic-partition`. */
export const mskEvent = (records: readonly MskRecord[]): MskEvent => {
  const grouped: Record<string, MskRecord[]> = {};
  for (const record of records) {
    const key = `${record.topic}-${record.partition}`;
    grouped[key] ??= [];
    grouped[key].push(record);
  }

  return {
    eventSource: 'aws:kafka',
    eventSourceArn:
      'arn:aws:kafka:us-east-1:000000000000:cluster/tripline/abcd1234-ab12-cd34-ef56-abcdef123456-1',
    bootstrapServers: '127.0.0.1:9092',
    records: grouped,
  };
};

/** A valid page-view event for `userId`, at `timestamp`. */
export const pageView = (
  userId: string,
  eventId: string,
  timestamp: number
) => ({
  event_id: eventId,
  user_id: userId,
  event_name: 'page_view',
  event_type: 'pageview',
  timestamp,
  parameters: { custom_params: { page_url: `https://example.com/${eventId}` } },
});
