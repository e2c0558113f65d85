/**
 * @module Runs every section of the bench and gathers its figures.
 */
import type { Profiler } from 'node:inspector';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import {
  DEPLOYED_BUNDLE,
  measureBundle,
  SDK_EXTERNAL_BUNDLE,
} from './bundle.ts';
import { filterContexts, measureStepCosts } from './core-breakdown.ts';
import { measureCoreThroughput } from './core-throughput.ts';
import { costFigures } from './cost-figures.ts';
import { measureEndToEnd } from './end-to-end.ts';
import { profile, sharesOfProfile } from './profile-shares.ts';
import type { Figures } from './report.ts';
import { measureRequestEconomy } from './request-economy.ts';
import { BENCH_TRIGGER_SOURCES } from './triggers.ts';
import { generateWorkload, REFERENCE_WORKLOAD } from './workload.ts';
import { measureSavedUnits, measureSizes } from './write-size.ts';

/** How much work each section does; `quick` is for a smoke run. */
export type BenchScale = {
  readonly warmupEvents: number;
  readonly timedEvents: number;
  readonly maxSecondsPerRun: number;
  readonly stepSample: number;
  readonly importRuns: number;
};

/** The full run: about a minute of core work on a 2-core machine. */
export const FULL_SCALE: BenchScale = {
  warmupEvents: 10_000,
  timedEvents: 30_000,
  maxSecondsPerRun: 40,
  stepSample: 6000,
  importRuns: 7,
};

/** A smoke run, for checking the bench itself. */
export const QUICK_SCALE: BenchScale = {
  warmupEvents: 2000,
  timedEvents: 2000,
  maxSecondsPerRun: 10,
  stepSample: 600,
  importRuns: 2,
};

/** Events per invocation, as the event source mapping is configured. */
const REFERENCE_BATCH = 100;
const AWS_EVENTS = 1000;
const AWS_WARMUP_EVENTS = 500;

type Progress = (message: string) => void;

const per1k = (count: number, events: number) => (count * 1000) / events;

const machine = (): Figures => ({
  machine_cpu: cpus()[0]?.model ?? 'unknown',
  machine_cores: availableParallelism(),
  machine_memory_gb: Math.round(totalmem() / 2 ** 30),
  node_version: process.version,
  load_average_1m: loadavg()[0] ?? 0,
});

/** Runs sections 1 to 6 and returns every figure, keyed for the JSON. */
export const measureAll = async (
  root: string,
  endpoint: string,
  scale: BenchScale,
  progress: Progress
): Promise<Figures> => {
  const workload = generateWorkload(scale.warmupEvents + scale.timedEvents);
  const figures: Figures = {
    ...machine(),
    workload_events: workload.records.length,
    workload_users: REFERENCE_WORKLOAD.users,
    workload_zipf_exponent: REFERENCE_WORKLOAD.zipfExponent,
    event_bytes_mean: workload.meanEventBytes,
    triggers: BENCH_TRIGGER_SOURCES.length,
  };

  progress('1/6 core throughput, batches of 100');
  const options = {
    warmupRecords: scale.warmupEvents,
    maxSeconds: scale.maxSecondsPerRun,
  };
  const core = await measureCoreThroughput(workload.records, {
    ...options,
    batchSize: REFERENCE_BATCH,
  });
  // Right after a run: the store, the decoded-checkpoint cache and the
  // heap the core grew to for 10,000 users.
  const memory = process.memoryUsage();
  figures.core_heap_used_mb = memory.heapUsed / 2 ** 20;
  figures.core_rss_mb = memory.rss / 2 ** 20;
  progress('1/6 core throughput, batches of 1,000');
  const core1000 = await measureCoreThroughput(workload.records, {
    ...options,
    batchSize: 1000,
  });
  progress('1/6 time per step, and a profiled run for the shares');
  const costs = await measureStepCosts(
    workload.records,
    core.saved,
    scale.stepSample
  );
  let sampled: Profiler.Profile | undefined;
  await measureCoreThroughput(workload.records, {
    ...options,
    batchSize: REFERENCE_BATCH,
    around: async (timed) => {
      sampled = await profile(timed);
    },
  });
  const shares = sampled ? sharesOfProfile(sampled) : undefined;
  Object.assign(figures, {
    // Per CPU-second: on a shared machine wall time counts other work too.
    core_events_per_sec: 1e6 / core.cpuUsPerEvent,
    core_us_per_event: core.cpuUsPerEvent,
    core_wall_events_per_sec: core.eventsPerSec,
    core_wall_us_per_event: core.usPerEvent,
    core_events_per_sec_batch_1000: 1e6 / core1000.cpuUsPerEvent,
    core_us_per_event_batch_1000: core1000.cpuUsPerEvent,
    core_wall_events_per_sec_batch_1000: core1000.eventsPerSec,
    writes_per_event: core.writesPerEvent,
    writes_per_event_batch_1000: core1000.writesPerEvent,
    actions_per_event: core.actionsPerEvent,
    // JSON.parse is a builtin: the profile charges it to decodeRecord, so
    // its part of that is taken from the steps timed alone.
    share_json_parse:
      (shares?.decodeRecord ?? 0) * (costs.jsonParseUs / costs.decodeRecordUs),
    share_decode_record: shares?.decodeRecord ?? null,
    share_filter_eval: shares?.filterEval ?? null,
    share_checkpoint_encode: shares?.checkpointEncode ?? null,
    share_checkpoint_decode: shares?.checkpointDecode ?? null,
    share_garbage_collection: shares?.garbageCollection ?? null,
    share_other: shares?.other ?? null,
    us_json_parse: costs.jsonParseUs,
    us_validate: costs.validateUs,
    us_decode_record: costs.decodeRecordUs,
    us_filter_eval: costs.filterEvalUs,
    us_checkpoint_encode: costs.encodeUs,
    us_checkpoint_decode: costs.decodeCheckpointUs,
  });

  progress('3/6 checkpoint sizes');
  const { sizes, eventIdBytesAt50, bytesAt50 } = measureSizes(
    workload.events,
    20
  );
  for (const size of sizes) {
    figures[`checkpoint_bytes_history_${size.history}`] = size.bytes;
    figures[`wru_history_${size.history}`] = size.wru;
    figures[`naive_checkpoint_bytes_history_${size.history}`] = size.naiveBytes;
  }
  figures.wru_50_event_checkpoint = figures.wru_history_50 ?? null;
  figures.checkpoint_50_event_id_bytes = eventIdBytesAt50;
  for (const [detail, bytes] of Object.entries(bytesAt50)) {
    figures[`checkpoint_bytes_history_50_${detail}`] = bytes;
    figures[`wru_50_event_checkpoint_${detail}`] = Math.ceil(bytes / 1024);
  }
  const units = measureSavedUnits(core.saved, 3000);
  const units1000 = measureSavedUnits(core1000.saved, 3000);
  const perEvent = measureSavedUnits(
    filterContexts(workload.records, 3000).map((context) => context.checkpoint),
    3000
  );
  Object.assign(figures, {
    mean_checkpoint_bytes_per_write: units.meanBytes,
    mean_wru_per_write: units.wruPerWrite,
    mean_rru_per_read: units.rruPerRead,
    naive_mean_wru_per_write: perEvent.naiveWruPerWrite,
  });

  progress('2/6 AWS requests against the emulator');
  const awsWarmup = workload.records.slice(0, AWS_WARMUP_EVENTS);
  const awsRecords = workload.records.slice(
    AWS_WARMUP_EVENTS,
    AWS_WARMUP_EVENTS + AWS_EVENTS
  );
  const economy = await measureRequestEconomy(
    endpoint,
    awsWarmup,
    awsRecords,
    REFERENCE_BATCH
  );
  const economy1000 = await measureRequestEconomy(
    endpoint,
    awsWarmup,
    awsRecords,
    1000
  );
  Object.assign(figures, {
    dynamodb_requests_per_1k: per1k(economy.dynamodbRequests, AWS_EVENTS),
    dynamodb_min_requests_per_1k: per1k(economy.dynamodbMinimum, AWS_EVENTS),
    eventbridge_requests_per_1k: per1k(economy.eventbridgeRequests, AWS_EVENTS),
    eventbridge_min_requests_per_1k: per1k(
      economy.eventbridgeMinimum,
      AWS_EVENTS
    ),
    dynamodb_batch_get_item_per_1k: per1k(
      economy.dynamodb.BatchGetItemCommand ?? 0,
      AWS_EVENTS
    ),
    dynamodb_put_item_per_1k: per1k(
      economy.dynamodb.PutItemCommand ?? 0,
      AWS_EVENTS
    ),
    actions_per_1k: per1k(economy.actions, AWS_EVENTS),
    aws_batch_failures: economy.failures + economy1000.failures,
    aws_cpu_us_per_event: economy.cpuUsPerEvent,
    dynamodb_requests_per_1k_batch_1000: per1k(
      economy1000.dynamodbRequests,
      AWS_EVENTS
    ),
    dynamodb_min_requests_per_1k_batch_1000: per1k(
      economy1000.dynamodbMinimum,
      AWS_EVENTS
    ),
    eventbridge_requests_per_1k_batch_1000: per1k(
      economy1000.eventbridgeRequests,
      AWS_EVENTS
    ),
    eventbridge_min_requests_per_1k_batch_1000: per1k(
      economy1000.eventbridgeMinimum,
      AWS_EVENTS
    ),
  });

  progress('4/6 cost model');
  Object.assign(
    figures,
    costFigures(
      { core, economy, units },
      { core: core1000, economy: economy1000, units: units1000 },
      perEvent
    )
  );

  progress('5/6 bundle and import time');
  const deployed = await measureBundle(root, DEPLOYED_BUNDLE, scale.importRuns);
  const external = await measureBundle(
    root,
    SDK_EXTERNAL_BUNDLE,
    scale.importRuns
  );
  Object.assign(figures, {
    bundle_bytes: deployed.bytes,
    bundle_source_map_bytes: deployed.sourceMapBytes,
    import_ms: deployed.importMs,
    cold_process_ms: deployed.processMs,
    bundle_bytes_sdk_external: external.bytes,
    import_ms_sdk_external: external.importMs,
    bundle_largest_packages: deployed.largest
      .map((item) => `${item.name} ${item.bytes}`)
      .join(', '),
  });

  progress('6/6 end to end');
  Object.assign(figures, await measureEndToEnd(root, endpoint));

  return figures;
};
