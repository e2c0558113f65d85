/**
 * @module Section 2: the AWS requests the pipeline makes against the
 * emulator, counted in an SDK middleware, next to the workload's minimum.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { serializeDetail } from '#adapters/eventbridge-action-sink.ts';
import { chunksOf } from '#core/chunks.ts';
import type { MskEvent, MskRecord } from '#core/msk.ts';
import { partitionKey } from '#core/msk.ts';
import { staticTriggers } from '#core/ports.ts';
import { createTestResources } from '#local/emulator-resources.ts';
import { createPipeline } from '#trigger/pipeline.ts';
import { eventChunks } from './cost-model.ts';
import { benchProfiles } from './profiles.ts';
import { compileBenchTriggers } from './triggers.ts';

/** Requests sent, by command name; SDK retries count as requests. */
export type CommandCounts = Map<string, number>;

type AnyClient = DynamoDBClient | EventBridgeClient;

/**
 * Counts every request the client sends. The middleware sits in the
 * deserialize step, inside the SDK's retry loop, so each attempt counts.
 */
export const countRequests = (client: AnyClient): CommandCounts => {
  const counts: CommandCounts = new Map();
  (client as DynamoDBClient).middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'deserialize', name: 'benchRequestCounter', priority: 'high' }
  );

  return counts;
};

/** What the pipeline sent for the workload, and the minimum it needed. */
export type RequestEconomy = {
  readonly batchSize: number;
  readonly events: number;
  readonly batches: number;
  readonly dynamodb: Record<string, number>;
  readonly eventbridge: Record<string, number>;
  readonly dynamodbRequests: number;
  readonly eventbridgeRequests: number;
  readonly dynamodbMinimum: number;
  readonly eventbridgeMinimum: number;
  readonly actions: number;
  /** Mean 64 KB chunks of a `TriggerFired` entry. */
  readonly chunksPerAction: number;
  readonly failures: number;
  /** CPU time of this process per event: the core and the SDK clients. */
  readonly cpuUsPerEvent: number;
};

/** Wraps records in an MSK event keyed by `topic-partition`. */
export const toMskEvent = (records: readonly MskRecord[]): MskEvent => {
  const grouped: Record<string, MskRecord[]> = {};
  for (const record of records) {
    const key = partitionKey(record.topic, record.partition);
    grouped[key] ??= [];
    grouped[key].push(record);
  }

  return { eventSource: 'aws:kafka', records: grouped };
};

const total = (counts: CommandCounts) =>
  [...counts.values()].reduce((sum, count) => sum + count, 0);

/**
 * Runs records through `createPipeline` against the emulator at
 * `endpoint`, on fresh resources, in batches of `batchSize`: `warmup`
 * first (it warms the SDK and fills the table), then `records`, counted.
 */
export const measureRequestEconomy = async (
  endpoint: string,
  warmup: readonly MskRecord[],
  records: readonly MskRecord[],
  batchSize: number
): Promise<RequestEconomy> => {
  process.env.TRIPLINE_TEST_AWS_ENDPOINT = endpoint;
  const { clients, config } = await createTestResources({
    userConcurrency: 16,
  });
  const dynamodb = countRequests(clients.dynamodb);
  const eventbridge = countRequests(clients.eventbridge);
  const pipeline = createPipeline(config, {
    clients,
    triggers: staticTriggers(compileBenchTriggers()),
    profiles: benchProfiles,
  });

  for (const batch of chunksOf(warmup, batchSize)) {
    await pipeline.process(toMskEvent(batch));
  }
  dynamodb.clear();
  eventbridge.clear();

  let dynamodbMinimum = 0;
  let eventbridgeMinimum = 0;
  let actions = 0;
  let chunks = 0;
  let failures = 0;
  const batches = chunksOf(records, batchSize);
  const cpuBefore = process.cpuUsage();
  for (const batch of batches) {
    const users = new Set(batch.map((record) => record.key)).size;
    const result = await pipeline.process(toMskEvent(batch));
    failures += result.failures.length;
    dynamodbMinimum += Math.ceil(users / 100) + users;
    eventbridgeMinimum += Math.ceil(result.actions.length / 10);
    actions += result.actions.length;
    for (const action of result.actions) {
      chunks += eventChunks(Buffer.byteLength(serializeDetail(action.detail)));
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  clients.dynamodb.destroy();
  clients.eventbridge.destroy();
  clients.sqs.destroy();
  clients.s3.destroy();

  return {
    batchSize,
    events: records.length,
    batches: batches.length,
    dynamodb: Object.fromEntries(dynamodb),
    eventbridge: Object.fromEntries(eventbridge),
    dynamodbRequests: total(dynamodb),
    eventbridgeRequests: total(eventbridge),
    dynamodbMinimum,
    eventbridgeMinimum,
    actions,
    chunksPerAction: actions ? chunks / actions : 1,
    failures,
    cpuUsPerEvent: (cpu.user + cpu.system) / records.length,
  };
};
