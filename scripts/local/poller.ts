/**
 * @module The local event source poller: a Kafka consumer group that
 * invokes the function with MSK events the way Lambda's event source
 * mapping does, for machines without an MSK trigger.
 */
import { describeError } from '#core/errors.ts';
import type { KafkaBatchResponse, MskEvent, MskRecord } from '#core/msk.ts';
import { type LoggerPort, silentLogger } from '#core/telemetry.ts';
import {
  type PartitionSlice,
  readBatchOutcome,
  slicesOf,
} from './batch-outcome.ts';
import { buildMskEvent } from './msk-event.ts';
import {
  FailureCondition,
  type FailureConditionName,
  type OnFailureDestination,
} from './on-failure.ts';
import type { QueuedRecord } from './partition-queues.ts';
import {
  effectiveMaxRetries,
  type PollerSettingsInput,
  parsePollerSettings,
  retryDelayMs,
} from './poller-settings.ts';
import { type KafkaMessage, openRecordFeed } from './record-feed.ts';

/** The function the poller invokes: the Lambda handler's contract. */
export type MskHandler = (event: MskEvent) => Promise<KafkaBatchResponse>;

/** Options of {@link startPoller}. */
export type PollerOptions = {
  readonly settings: PollerSettingsInput;
  readonly handler: MskHandler;
  /** Where records go once retries are exhausted; none drops them. */
  readonly onFailure?: OnFailureDestination;
  readonly logger?: LoggerPort;
};

/** Counters of what the poller did, for status lines and tests. */
export type PollerStats = {
  invocations: number;
  recordsDelivered: number;
  functionErrors: number;
  partialFailures: number;
  recordsSentToDestination: number;
  /** Next offset to read per `topic-partition`, as committed. */
  readonly committed: Map<string, number>;
};

/** A running poller. */
export type PollerHandle = {
  readonly stats: PollerStats;
  /** Finishes the batch in flight, commits it, and leaves the group. */
  stop(): Promise<void>;
  /**
   * Leaves at once, like a crash: the batch in flight is not committed,
   * so its records are delivered again to the next member.
   */
  kill(): Promise<void>;
};

/**
 * Joins the consumer group and starts delivering batches to `handler`.
 * Resolves once the group has assigned this member its partitions.
 *
 * @example
 * ```ts
 * const poller = await startPoller({
 *   settings: { bootstrap: '127.0.0.1:9092', topic: 'user-tracking-events' },
 *   handler: (event) => pipeline.handle(event),
 * });
 * await poller.stop();
 * ```
 */
export const startPoller = async (
  options: PollerOptions
): Promise<PollerHandle> => {
  const settings = parsePollerSettings(options.settings);
  const logger = options.logger ?? silentLogger;
  const maxRetries = effectiveMaxRetries(settings, Boolean(options.onFailure));
  const source = {
    eventSourceArn: settings.eventSourceArn,
    bootstrapServers: settings.bootstrap,
  };
  const stats: PollerStats = {
    invocations: 0,
    recordsDelivered: 0,
    functionErrors: 0,
    partialFailures: 0,
    recordsSentToDestination: 0,
    committed: new Map(),
  };
  let state: 'running' | 'stopping' | 'killed' = 'running';
  let bisectLimit: number | undefined;

  const feed = await openRecordFeed(settings, logger);
  const { queues } = feed;

  const commitThrough = async (key: string, offset: number) => {
    const last = queues.completeThrough(key, offset);
    if (!last || state === 'killed') return;
    try {
      await last.handle.commit();
      stats.committed.set(key, last.record.offset + 1);
    } catch (error) {
      // The records stay finished here; another member re-reads them and
      // the function skips them by offset.
      logger.warn('offset commit failed', {
        partition: key,
        offset: last.record.offset,
        error: describeError(error),
      });
    }
  };

  const giveUp = async (
    slice: PartitionSlice,
    records: readonly MskRecord[],
    condition: FailureConditionName,
    invocations: number,
    functionError?: string
  ) => {
    const last = records.at(-1);
    if (!last) return;
    try {
      await options.onFailure?.send({
        condition,
        records,
        invocations,
        bootstrapServers: settings.bootstrap,
        functionError,
      });
    } catch (error) {
      // Kept queued, uncommitted: the destination is tried again later.
      logger.error('on-failure destination unavailable', {
        partition: slice.key,
        error: describeError(error),
      });
      queues.fail(
        slice.key,
        (count) => Date.now() + retryDelayMs(settings, count)
      );
      return;
    }
    stats.recordsSentToDestination += records.length;
    logger.error('records given up', {
      partition: slice.key,
      first_offset: records[0]?.offset,
      last_offset: last.offset,
      condition,
      destination: options.onFailure?.description ?? 'none (dropped)',
    });
    await commitThrough(slice.key, last.offset);
  };

  const onFunctionError = async (
    slices: readonly PartitionSlice[],
    size: number,
    error: string
  ) => {
    stats.functionErrors++;
    logger.warn('function error', { records: size, error });
    if (settings.bisectBatchOnFunctionError && size > 1) {
      // Lambda does not count a split against the retry quota.
      bisectLimit = Math.ceil(size / 2);
      return;
    }
    for (const slice of slices) {
      const attempts = queues.fail(
        slice.key,
        (count) => Date.now() + retryDelayMs(settings, count)
      );
      if (attempts > maxRetries) {
        await giveUp(
          slice,
          slice.records,
          FailureCondition.RETRIES_EXHAUSTED,
          attempts,
          error
        );
      }
    }
  };

  const onResponse = async (
    slices: readonly PartitionSlice[],
    retryFrom: ReadonlyMap<string, number>
  ) => {
    bisectLimit = undefined;
    for (const slice of slices) {
      const failedOffset = retryFrom.get(slice.key);
      if (failedOffset === undefined) {
        await commitThrough(slice.key, slice.lastOffset);
        continue;
      }
      stats.partialFailures++;
      await commitThrough(slice.key, failedOffset - 1);
      const attempts = queues.fail(
        slice.key,
        (count) => Date.now() + retryDelayMs(settings, count)
      );
      const failed = slice.records.filter((r) => r.offset === failedOffset);
      if (attempts > maxRetries) {
        await giveUp(
          slice,
          failed,
          FailureCondition.RETRIES_EXHAUSTED,
          attempts
        );
      }
    }
  };

  const dropExpired = async (batch: readonly QueuedRecord<KafkaMessage>[]) => {
    if (settings.maxRecordAgeSeconds < 0) return batch;
    const oldest = Date.now() - settings.maxRecordAgeSeconds * 1000;
    const expired = batch.filter((item) => item.record.timestamp < oldest);
    for (const slice of slicesOf(expired.map((item) => item.record))) {
      await giveUp(
        slice,
        slice.records,
        FailureCondition.RECORD_AGE_EXCEEDED,
        0
      );
    }

    return batch.filter((item) => item.record.timestamp >= oldest);
  };

  const runBatch = async (batch: readonly QueuedRecord<KafkaMessage>[]) => {
    const records = batch.map((item) => item.record);
    const slices = slicesOf(records);
    stats.invocations++;
    stats.recordsDelivered += records.length;
    let response: KafkaBatchResponse;
    try {
      response = await options.handler(buildMskEvent(records, source));
    } catch (error) {
      if (state !== 'killed') {
        await onFunctionError(slices, records.length, describeError(error));
      }
      return;
    }
    if (state === 'killed') return;
    const outcome = settings.reportBatchItemFailures
      ? readBatchOutcome(response, slices)
      : readBatchOutcome(undefined, slices);
    if (!outcome.valid) {
      await onFunctionError(slices, records.length, outcome.reason);
      return;
    }
    await onResponse(slices, outcome.retryFrom);
  };

  // Limitation: one invocation at a time for all partitions, where Lambda
  // runs one per partition concurrently: same order, lower throughput.
  // Limitation: no function timeout; an in-process call cannot be cut.
  const loop = async () => {
    while (state === 'running') {
      const limit = bisectLimit ?? settings.batchSize;
      const now = Date.now();
      const due = queues.due(limit, settings.batchingWindowMs, now);
      if (!due.due) {
        await feed.sleep(due.at === undefined ? undefined : due.at - now);
        continue;
      }
      const batch = await dropExpired(queues.take(limit, now));
      if (batch.length > 0) await runBatch(batch);
      feed.relieve();
    }
  };
  const running = loop().catch((error: unknown) => {
    logger.error('poller stopped on an error', { error: describeError(error) });
  });

  const leave = async (nextState: 'stopping' | 'killed') => {
    if (state !== 'running') return;
    state = nextState;
    feed.wake();
    if (nextState === 'stopping') await running;
    await feed.close();
  };

  return { stats, stop: () => leave('stopping'), kill: () => leave('killed') };
};
