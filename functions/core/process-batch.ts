/**
 * @module The batch pipeline: decode, quarantine, group, load, evaluate,
 * emit, save, and report what must be retried.
 */
import pLimit from 'p-limit';
import type { TriggerAction } from './actions.ts';
import type { HistoryDetailLevel, StoredCheckpoint } from './checkpoint.ts';
import {
  type DecodedRecord,
  decodeRecord,
  type RecordPosition,
  type RejectedRecord,
} from './decode.ts';
import { describeError } from './errors.ts';
import { ActionTarget } from './filters.ts';
import type { KafkaItemIdentifier, MskRecord } from './msk.ts';
import { partitionKey } from './msk.ts';
import { groupByUser } from './order.ts';
import type {
  ActionSink,
  CheckpointStore,
  Clock,
  ProfileSource,
  QuarantineSink,
  TriggerSet,
} from './ports.ts';
import { type LoggerPort, Metric, type MetricsPort } from './telemetry.ts';
import { runUserPass, type UserPassResult } from './user-pass.ts';

/** The services and settings the pipeline runs with. */
export type PipelineDeps = {
  readonly store: CheckpointStore;
  readonly actions: ActionSink;
  readonly quarantine: QuarantineSink;
  readonly triggers: TriggerSet;
  readonly profiles?: ProfileSource | undefined;
  readonly clock: Clock;
  readonly logger: LoggerPort;
  readonly metrics: MetricsPort;
  /** Events kept in a checkpoint's history. */
  readonly historyCap: number;
  /** How much of each event its history entry keeps. @default 'full' */
  readonly historyDetail?: HistoryDetailLevel | undefined;
  /** Checkpoint lifetime after its last event. */
  readonly ttlSeconds: number;
  /** Users processed (and enriched) at once. */
  readonly userConcurrency: number;
};

/** What one batch did, and which records must be delivered again. */
export type BatchResult = {
  /** First unfinished record of each partition that has one. */
  readonly failures: KafkaItemIdentifier[];
  readonly processed: number;
  readonly duplicates: number;
  readonly rejected: readonly RejectedRecord[];
  readonly actions: readonly TriggerAction[];
};

const firstFailurePerPartition = (
  positions: readonly RecordPosition[]
): KafkaItemIdentifier[] => {
  const lowest = new Map<string, number>();
  for (const position of positions) {
    const key = partitionKey(position.topic, position.partition);
    const current = lowest.get(key);
    if (current === undefined || position.offset < current) {
      lowest.set(key, position.offset);
    }
  }

  return [...lowest].map(([partition, offset]) => ({ partition, offset }));
};

const quarantineRejected = async (
  rejected: readonly RejectedRecord[],
  deps: PipelineDeps
): Promise<RejectedRecord[]> => {
  if (rejected.length === 0) return [];
  deps.metrics.add(Metric.RECORDS_QUARANTINED, 'Count', rejected.length);
  for (const record of rejected) {
    deps.logger.warn('record quarantined', {
      partition: partitionKey(record.topic, record.partition),
      offset: record.offset,
      reason: record.reason,
      detail: record.detail,
    });
  }
  try {
    return await deps.quarantine.quarantine(rejected);
  } catch (error) {
    deps.logger.error('quarantine unavailable', {
      error: describeError(error),
    });
    return [...rejected];
  }
};

const loadAll = async (
  userIds: readonly string[],
  deps: PipelineDeps
): Promise<Map<string, StoredCheckpoint> | undefined> => {
  const started = performance.now();
  try {
    return await deps.store.load(userIds);
  } catch (error) {
    deps.logger.error('checkpoint load failed', {
      error: describeError(error),
    });
    return undefined;
  } finally {
    deps.metrics.add(
      Metric.CHECKPOINT_LOAD_MS,
      'Milliseconds',
      performance.now() - started
    );
  }
};

const emitAll = async (
  passes: readonly UserPassResult[],
  deps: PipelineDeps
): Promise<Set<string>> => {
  const outgoing: TriggerAction[] = [];
  for (const pass of passes) {
    for (const action of pass.actions) {
      if (action.targets.includes(ActionTarget.LOG)) {
        deps.logger.info('trigger fired', { action: action.detail });
      }
      if (action.targets.includes(ActionTarget.EVENTBRIDGE)) {
        outgoing.push(action);
      }
    }
  }
  if (outgoing.length === 0) return new Set();

  let failed: Set<string>;
  try {
    failed = await deps.actions.emit(outgoing);
  } catch (error) {
    deps.logger.error('action emit failed', { error: describeError(error) });
    failed = new Set(outgoing.map((action) => action.detail.action_id));
  }
  deps.metrics.add(
    Metric.ACTIONS_EMITTED,
    'Count',
    outgoing.length - failed.size
  );
  if (failed.size > 0) {
    deps.metrics.add(Metric.ACTION_EMIT_FAILURES, 'Count', failed.size);
  }

  return failed;
};

const saveOne = async (
  pass: UserPassResult,
  deps: PipelineDeps
): Promise<boolean> => {
  if (!pass.checkpoint) return true;
  const started = performance.now();
  try {
    const outcome = await deps.store.save({
      checkpoint: pass.checkpoint,
      expectedVersion: pass.expectedVersion,
      expiresAt: pass.expiresAt,
    });
    if (outcome.status === 'conflict') {
      deps.metrics.add(Metric.CHECKPOINT_CONFLICTS, 'Count', 1);
      deps.logger.warn('checkpoint changed by another writer; will retry', {
        user_id: pass.userId,
      });
      return false;
    }
    deps.metrics.add(Metric.CHECKPOINT_BYTES, 'Bytes', outcome.bytes);
    return true;
  } catch (error) {
    deps.metrics.add(Metric.CHECKPOINT_SAVE_FAILURES, 'Count', 1);
    deps.logger.error('checkpoint save failed', {
      user_id: pass.userId,
      error: describeError(error),
    });
    return false;
  } finally {
    deps.metrics.add(
      Metric.CHECKPOINT_SAVE_MS,
      'Milliseconds',
      performance.now() - started
    );
  }
};

/**
 * Runs one batch of MSK records through the pipeline. Invalid records are
 * quarantined; every trigger's actions are emitted before the checkpoint
 * that produced them is saved, so a crash re-emits (same action id) rather
 * than loses. Never throws for a service failure: the records left
 * unfinished are returned in `failures`, first offset per partition.
 */
export const processBatch = async (
  records: readonly MskRecord[],
  deps: PipelineDeps
): Promise<BatchResult> => {
  deps.metrics.add(Metric.RECORDS_RECEIVED, 'Count', records.length);
  const decoded: DecodedRecord[] = [];
  const rejected: RejectedRecord[] = [];
  for (const record of records) {
    const result = decodeRecord(record);
    if (result.ok) decoded.push(result);
    else rejected.push(result);
  }
  const unfinished: RecordPosition[] = await quarantineRejected(rejected, deps);

  const byUser = groupByUser(decoded);
  const stored = await loadAll([...byUser.keys()], deps);
  if (!stored) {
    const failures = firstFailurePerPartition([...unfinished, ...decoded]);
    deps.metrics.add(Metric.BATCH_ITEM_FAILURES, 'Count', failures.length);
    return { failures, processed: 0, duplicates: 0, rejected, actions: [] };
  }

  const triggers = await deps.triggers.current();
  const limit = pLimit(deps.userConcurrency);
  const passContext = { ...deps, triggers, profiles: deps.profiles };
  const passes = await Promise.all(
    [...byUser].map(([userId, userRecords]) =>
      limit(() =>
        runUserPass(userId, userRecords, stored.get(userId), passContext)
      )
    )
  );

  const failedActions = await emitAll(passes, deps);
  const saved = await Promise.all(
    passes.map((pass) =>
      limit(async () => {
        const emitted = pass.actions.every(
          (action) => !failedActions.has(action.detail.action_id)
        );
        return emitted && (await saveOne(pass, deps));
      })
    )
  );

  let processed = 0;
  let duplicates = 0;
  const actions: TriggerAction[] = [];
  passes.forEach((pass, index) => {
    if (!saved[index]) {
      unfinished.push(...pass.records);
      return;
    }
    processed += pass.applied;
    duplicates += pass.duplicates;
    actions.push(...pass.actions);
  });
  deps.metrics.add(Metric.EVENTS_PROCESSED, 'Count', processed);
  deps.metrics.add(Metric.DUPLICATES_SKIPPED, 'Count', duplicates);
  deps.metrics.add(Metric.TRIGGERS_FIRED, 'Count', actions.length);
  const failures = firstFailurePerPartition(unfinished);
  deps.metrics.add(Metric.BATCH_ITEM_FAILURES, 'Count', failures.length);

  return { failures, processed, duplicates, rejected, actions };
};
