/**
 * @module Wires the core to AWS: the same pipeline serves the Lambda
 * handler and the local poller.
 */
import { type AwsClients, createAwsClients } from '#adapters/aws-clients.ts';
import { DynamoDbCheckpointStore } from '#adapters/dynamodb-checkpoint-store.ts';
import { EventBridgeActionSink } from '#adapters/eventbridge-action-sink.ts';
import {
  FolderFilterFiles,
  readTriggerSources,
} from '#adapters/folder-filter-files.ts';
import { HttpProfileSource } from '#adapters/http-profile-source.ts';
import { parseS3Location, S3FilterFiles } from '#adapters/s3-filter-files.ts';
import { SqsQuarantineSink } from '#adapters/sqs-quarantine-sink.ts';
import type { TriplineConfig } from '#core/config.ts';
import { compileTrigger } from '#core/filters.ts';
import type { KafkaBatchResponse, MskEvent } from '#core/msk.ts';
import { recordsOf } from '#core/msk.ts';
import {
  type Clock,
  type ProfileSource,
  staticTriggers,
  type TriggerSet,
  wallClock,
} from '#core/ports.ts';
import { type BatchResult, processBatch } from '#core/process-batch.ts';
import {
  CountingMetrics,
  type LoggerPort,
  type MetricsPort,
  silentLogger,
} from '#core/telemetry.ts';
import { TriggerRegistry } from '#core/trigger-registry.ts';

/** What can be swapped when wiring the pipeline. */
export type PipelineOptions = {
  readonly clients?: AwsClients;
  readonly logger?: LoggerPort;
  readonly metrics?: MetricsPort;
  readonly triggers?: TriggerSet;
  readonly profiles?: ProfileSource;
  readonly clock?: Clock;
};

/** A wired pipeline: hand it MSK events. */
export type Pipeline = {
  /** Processes one MSK event; the response is Lambda's partial batch one. */
  handle(event: MskEvent): Promise<KafkaBatchResponse>;
  /** Like `handle`, with the full result of the batch. */
  process(event: MskEvent): Promise<BatchResult>;
};

/**
 * Compiles every filter in a local folder once. A filter that does not
 * compile fails the start: a broken deploy must not run half its triggers.
 */
export const loadFolderTriggers = async (
  dir: string,
  timeoutMs: number
): Promise<TriggerSet> => {
  const sources = await readTriggerSources(dir);

  return staticTriggers(
    sources.map((source) => compileTrigger(source, { timeoutMs }))
  );
};

/**
 * The live trigger set: `s3://bucket/prefix/` reads the filters bucket,
 * anything else a local folder; both reload every `filterReloadSeconds`.
 */
const defaultTriggers = (
  config: TriplineConfig,
  clients: AwsClients,
  telemetry: { logger: LoggerPort; metrics: MetricsPort }
): TriggerSet => {
  const location = parseS3Location(config.filtersLocation);
  const files = location
    ? new S3FilterFiles({ client: clients.s3, ...location })
    : new FolderFilterFiles(config.filtersLocation);

  return new TriggerRegistry({
    files,
    reloadSeconds: config.filterReloadSeconds,
    timeoutMs: config.filterTimeoutMs,
    ...telemetry,
  });
};

/** Builds the pipeline from the configuration. */
export const createPipeline = (
  config: TriplineConfig,
  options: PipelineOptions = {}
): Pipeline => {
  const clients = options.clients ?? createAwsClients();
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? new CountingMetrics();
  const deps = {
    store: new DynamoDbCheckpointStore({
      client: clients.dynamodb,
      tableName: config.tableName,
      ttlAttribute: config.ttlAttribute,
    }),
    actions: new EventBridgeActionSink({
      client: clients.eventbridge,
      eventBusName: config.eventBusName,
    }),
    quarantine: new SqsQuarantineSink({
      client: clients.sqs,
      queueUrl: config.quarantineQueueUrl,
    }),
    triggers:
      options.triggers ?? defaultTriggers(config, clients, { logger, metrics }),
    profiles:
      options.profiles ??
      (config.profileApiUrl
        ? new HttpProfileSource({
            baseUrl: config.profileApiUrl,
            timeoutMs: config.profileApiTimeoutMs,
            retries: config.profileApiRetries,
          })
        : undefined),
    clock: options.clock ?? wallClock,
    logger,
    metrics,
    historyCap: config.historyCap,
    historyDetail: config.historyDetail,
    ttlSeconds: config.ttlMinutes * 60,
    userConcurrency: config.userConcurrency,
  };

  const process = (event: MskEvent) => processBatch(recordsOf(event), deps);

  return {
    process,
    handle: async (event) => {
      const result = await process(event);
      return {
        batchItemFailures: result.failures.map((itemIdentifier) => ({
          itemIdentifier,
        })),
      };
    },
  };
};
