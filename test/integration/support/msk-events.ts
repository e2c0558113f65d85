/**
 * @module Building MSK events for tests, as the event source mapping would.
 */
import type { MskEvent, MskRecord } from '#core/msk.ts';
import { buildMskEvent, LOCAL_EVENT_SOURCE_ARN } from '#local/msk-event.ts';

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
export const mskEvent = (records: readonly MskRecord[]): MskEvent =>
  buildMskEvent(records, {
    eventSourceArn: LOCAL_EVENT_SOURCE_ARN,
    bootstrapServers: '127.0.0.1:9092',
  });

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
