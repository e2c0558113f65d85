/**
 * @module The poller's feed: a consumer group member reading the topic
 * into per-partition queues, with back-pressure and manual commits.
 */
import { Consumer, type Message } from '@platformatic/kafka';
import { describeError } from '#core/errors.ts';
import type { LoggerPort } from '#core/telemetry.ts';
import { toMskRecord } from './msk-event.ts';
import { PartitionQueues } from './partition-queues.ts';
import type { PollerSettings } from './poller-settings.ts';

/** A record as read; its `commit()` commits up to and including it. */
export type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;

/** Records flowing in from the topic. */
export type RecordFeed = {
  readonly queues: PartitionQueues<KafkaMessage>;
  /** Resolves when records arrive, on `wake()`, or after `ms`. */
  sleep(ms: number | undefined): Promise<void>;
  wake(): void;
  /** Resumes reading once the queues have drained below half full. */
  relieve(): void;
  /** Leaves the group and closes the connections. */
  close(): Promise<void>;
};

/**
 * Joins the group and starts reading from the committed offsets (or the
 * starting position). Reading pauses while ten batches are queued.
 */
export const openRecordFeed = async (
  settings: PollerSettings,
  logger: LoggerPort
): Promise<RecordFeed> => {
  const queues = new PartitionQueues<KafkaMessage>();
  const maxQueued = settings.batchSize * 10;
  let wake: () => void = () => undefined;
  const consumer = new Consumer({
    clientId: `tripline-local-poller-${process.pid}`,
    groupId: settings.groupId,
    bootstrapBrokers: [settings.bootstrap],
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    rebalanceTimeout: 20_000,
    maxWaitTime: 200,
  });
  consumer.on('consumer:group:join', ({ assignments }) => {
    const keys = new Set(
      (assignments ?? []).flatMap(({ topic, partitions }) =>
        partitions.map((partition) => `${topic}-${partition}`)
      )
    );
    queues.retainOnly(keys);
    logger.info('partitions assigned', { partitions: [...keys].sort() });
  });
  const stream = await consumer.consume({
    topics: [settings.topic],
    autocommit: false,
    mode: 'committed',
    fallbackMode:
      settings.startingPosition === 'LATEST' ? 'latest' : 'earliest',
  });
  stream.on('data', (message: KafkaMessage) => {
    queues.push(toMskRecord(message), message, Date.now());
    if (queues.size >= maxQueued) stream.pause();
    wake();
  });
  stream.on('error', (error: Error) => {
    logger.error('kafka stream error', { error: describeError(error) });
  });

  return {
    queues,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer =
          ms === undefined ? undefined : setTimeout(resolve, Math.max(1, ms));
        wake = () => {
          clearTimeout(timer);
          wake = () => undefined;
          resolve();
        };
      }),
    wake: () => wake(),
    relieve: () => {
      if (stream.isPaused() && queues.size < maxQueued / 2) stream.resume();
    },
    close: () =>
      new Promise<void>((resolve) => consumer.close(true, () => resolve())),
  };
};
