/**
 * @module Section 1: the core's throughput on one core, in-process, with
 * an in-memory store and an action sink that does nothing.
 */
import { MemoryCheckpointStore } from '#adapters/memory-checkpoint-store.ts';
import type { Checkpoint } from '#core/checkpoint.ts';
import { chunksOf } from '#core/chunks.ts';
import type { MskRecord } from '#core/msk.ts';
import type {
  ActionSink,
  CheckpointStore,
  CheckpointWrite,
} from '#core/ports.ts';
import { eventClock, staticTriggers } from '#core/ports.ts';
import { type PipelineDeps, processBatch } from '#core/process-batch.ts';
import { CountingMetrics, silentLogger } from '#core/telemetry.ts';
import { benchProfiles } from './profiles.ts';
import { compileBenchTriggers } from './triggers.ts';

/** The settings the function runs with by default. */
export const HISTORY_CAP = 100;
export const TTL_SECONDS = 600;
const USER_CONCURRENCY = 16;

/** What one throughput run measured. */
export type CoreThroughput = {
  readonly batchSize: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSec: number;
  /** Wall time per event. */
  readonly usPerEvent: number;
  /** Process CPU time (user + system) per event. */
  readonly cpuUsPerEvent: number;
  /** Checkpoint writes per event: distinct users per batch, summed. */
  readonly writesPerEvent: number;
  /** Stored checkpoints read per event. */
  readonly loadsPerEvent: number;
  readonly actionsPerEvent: number;
  /** One in ten checkpoints as saved, for the size and codec figures. */
  readonly saved: readonly Checkpoint[];
};

/** Settings of {@link measureCoreThroughput}. */
export type ThroughputOptions = {
  readonly batchSize: number;
  /** Records processed first, untimed: JIT warm-up and a filled store. */
  readonly warmupRecords: number;
  /** The timed part stops after this long, whatever is left. */
  readonly maxSeconds: number;
  /** Runs the timed part, e.g. under a profiler; runs it as is if unset. */
  readonly around?: (timed: () => Promise<void>) => Promise<unknown>;
};

const noActions: ActionSink = { emit: async () => new Set<string>() };

/**
 * Keeps one saved checkpoint in this many: enough for the size and codec
 * figures, without a large live heap that would slow every collection.
 */
const KEEP_ONE_IN = 10;

/** Wraps a store to count loads and saves and keep some of what was saved. */
const recordingStore = (inner: CheckpointStore) => {
  const saved: Checkpoint[] = [];
  let loads = 0;
  let saves = 0;
  let recording = false;
  const store: CheckpointStore = {
    load: async (userIds) => {
      const found = await inner.load(userIds);
      if (recording) loads += found.size;
      return found;
    },
    save: (write: CheckpointWrite) => {
      if (recording && saves++ % KEEP_ONE_IN === 0) {
        saved.push(write.checkpoint);
      }
      return inner.save(write);
    },
  };

  return {
    store,
    saved,
    start: () => {
      recording = true;
    },
    loads: () => loads,
    saves: () => saves,
  };
};

/** The pipeline's dependencies with in-memory services. */
export const inMemoryDeps = (store: CheckpointStore): PipelineDeps => ({
  store,
  actions: noActions,
  quarantine: { quarantine: async () => [] },
  triggers: staticTriggers(compileBenchTriggers()),
  profiles: benchProfiles,
  clock: eventClock,
  logger: silentLogger,
  metrics: new CountingMetrics(),
  historyCap: HISTORY_CAP,
  ttlSeconds: TTL_SECONDS,
  userConcurrency: USER_CONCURRENCY,
});

/**
 * Runs `records` through `processBatch` in batches of `batchSize`: the
 * first `warmupRecords` untimed, the rest timed for wall and CPU time.
 */
export const measureCoreThroughput = async (
  records: readonly MskRecord[],
  options: ThroughputOptions
): Promise<CoreThroughput> => {
  const recording = recordingStore(new MemoryCheckpointStore());
  const deps = inMemoryDeps(recording.store);
  for (const batch of chunksOf(
    records.slice(0, options.warmupRecords),
    options.batchSize
  )) {
    await processBatch(batch, deps);
  }

  recording.start();
  const timed = chunksOf(
    records.slice(options.warmupRecords),
    options.batchSize
  );
  let events = 0;
  let actions = 0;
  const timedRun = async () => {
    const deadline = performance.now() + options.maxSeconds * 1000;
    for (const batch of timed) {
      const result = await processBatch(batch, deps);
      events += result.processed;
      actions += result.actions.length;
      if (performance.now() > deadline) break;
    }
  };
  const around = options.around ?? ((run) => run());
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await around(timedRun);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);

  return {
    batchSize: options.batchSize,
    events,
    seconds,
    eventsPerSec: events / seconds,
    usPerEvent: (seconds * 1e6) / events,
    cpuUsPerEvent: (cpu.user + cpu.system) / events,
    writesPerEvent: recording.saves() / events,
    loadsPerEvent: recording.loads() / events,
    actionsPerEvent: actions / events,
    saved: recording.saved,
  };
};
