/**
 * @module Building the exact event Lambda's MSK event source mapping
 * sends, from records read off Kafka.
 */
import { type MskEvent, type MskRecord, partitionKey } from '#core/msk.ts';

/** A record as read from Kafka, before it is shaped for Lambda. */
export type KafkaRecordIn = {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: bigint;
  readonly key: Buffer | undefined | null;
  readonly value: Buffer | undefined | null;
  readonly headers: ReadonlyMap<Buffer | string, Buffer | string | undefined>;
};

/** The ARN the local loop gives its pretend MSK cluster. */
export const LOCAL_EVENT_SOURCE_ARN =
  'arn:aws:kafka:us-east-1:000000000000:cluster/tripline-local/' +
  '00000000-0000-0000-0000-000000000000-1';

const asBuffer = (part: Buffer | string | undefined | null): Buffer =>
  typeof part === 'string' ? Buffer.from(part) : (part ?? Buffer.alloc(0));

/**
 * Shapes one Kafka record as MSK does: base64 key and value (left out
 * when null), each header as `{ name: [bytes] }`, and the create time.
 */
export const toMskRecord = (record: KafkaRecordIn): MskRecord => {
  const headers = [...record.headers].map(([name, value]) => ({
    [asBuffer(name).toString('utf8')]: [...asBuffer(value)],
  }));

  return {
    topic: record.topic,
    partition: record.partition,
    offset: Number(record.offset),
    timestamp: Number(record.timestamp),
    timestampType: 'CREATE_TIME',
    ...(record.key ? { key: record.key.toString('base64') } : {}),
    ...(record.value ? { value: record.value.toString('base64') } : {}),
    headers,
  };
};

/** Where the event says its records came from. */
export type MskEventSource = {
  readonly eventSourceArn: string;
  readonly bootstrapServers: string;
};

/**
 * Groups records under `topic-partition` keys, keeping their order, in the
 * envelope Lambda uses for Amazon MSK (`eventSource: 'aws:kafka'`).
 */
export const buildMskEvent = (
  records: readonly MskRecord[],
  source: MskEventSource
): MskEvent => {
  const grouped: Record<string, MskRecord[]> = {};
  for (const record of records) {
    const key = partitionKey(record.topic, record.partition);
    grouped[key] ??= [];
    grouped[key].push(record);
  }

  return {
    eventSource: 'aws:kafka',
    eventSourceArn: source.eventSourceArn,
    bootstrapServers: source.bootstrapServers,
    records: grouped,
  };
};
