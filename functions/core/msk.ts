/**
 * @module The Amazon MSK event source mapping's event and response shapes.
 */

/** One Kafka record as the MSK event source mapping delivers it. */
export type MskRecord = {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: string;
  /** Base64 of the record key; absent for a null key. */
  readonly key?: string | null;
  /** Base64 of the record value; absent for a null value (a tombstone). */
  readonly value?: string | null;
  /** Each header as `{ name: byte[] }`. */
  readonly headers?: ReadonlyArray<Readonly<Record<string, number[]>>>;
};

/** The event Lambda's MSK event source mapping invokes the function with. */
export type MskEvent = {
  readonly eventSource: string;
  readonly eventSourceArn?: string;
  readonly bootstrapServers?: string;
  /** Records grouped by `topic-partition`. */
  readonly records: Readonly<Record<string, readonly MskRecord[]>>;
};

/** A record the function could not finish, as Kafka's partial response. */
export type KafkaItemIdentifier = {
  readonly partition: string;
  readonly offset: number;
};

/** The `ReportBatchItemFailures` response for a Kafka event source. */
export type KafkaBatchResponse = {
  batchItemFailures: { itemIdentifier: KafkaItemIdentifier }[];
};

/** `topic-partition`, the key MSK uses for a partition. */
export const partitionKey = (topic: string, partition: number): string =>
  `${topic}-${partition}`;

/** Every record of an MSK event, in delivery order within a partition. */
export const recordsOf = (event: MskEvent): MskRecord[] =>
  Object.values(event.records ?? {}).flat();
