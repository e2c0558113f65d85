/**
 * @module The small interfaces between the pure core and its services.
 */
import type { TriggerAction } from './actions.ts';
import type { Checkpoint, Enrichment, StoredCheckpoint } from './checkpoint.ts';
import type { RejectedRecord } from './decode.ts';
import type { UserEvent } from './event.ts';
import type { CompiledTrigger } from './filters.ts';

/** A checkpoint to save, guarded by the version it was read at. */
export type CheckpointWrite = {
  readonly checkpoint: Checkpoint;
  /** The version read; 0 when no item existed. */
  readonly expectedVersion: number;
  /** TTL attribute value: epoch seconds. */
  readonly expiresAt: number;
};

/** The result of one conditional save; `bytes` is the stored item size. */
export type SaveOutcome =
  | { readonly status: 'saved'; readonly bytes: number }
  | { readonly status: 'conflict' };

/** Where checkpoints live: DynamoDB in the cloud, memory in the CLI. */
export interface CheckpointStore {
  /**
   * Loads the stored checkpoints of these users, expired items included
   * (the core decides expiry). Throws when the store stays unavailable.
   */
  load(userIds: readonly string[]): Promise<Map<string, StoredCheckpoint>>;
  /**
   * Saves a checkpoint only if the stored version is still the expected
   * one. Returns `conflict` when another writer got there first; throws
   * when the store stays unavailable.
   */
  save(write: CheckpointWrite): Promise<SaveOutcome>;
}

/** Where actions go: EventBridge in the cloud, stdout in the CLI. */
export interface ActionSink {
  /** Sends the actions; resolves to the `action_id`s that still failed. */
  emit(actions: readonly TriggerAction[]): Promise<Set<string>>;
}

/** Where records that cannot be processed are kept. */
export interface QuarantineSink {
  /** Keeps the records; resolves to those that could not be kept. */
  quarantine(records: readonly RejectedRecord[]): Promise<RejectedRecord[]>;
}

/** The profile API. Never throws: a failure gives empty parts. */
export interface ProfileSource {
  enrich(userId: string): Promise<Enrichment>;
}

/** The current set of compiled triggers; may reload between batches. */
export interface TriggerSet {
  current(): Promise<readonly CompiledTrigger[]>;
}

/** The core's clock in epoch ms; given the event being processed. */
export type Clock = (event: UserEvent) => number;

/** Wall-clock time: what the Lambda function uses. */
export const wallClock: Clock = () => Date.now();

/** Event time: replays give the same TTL expiry every time. */
export const eventClock: Clock = (event) => event.timestamp;

/** A fixed trigger set, for the CLI and tests. */
export const staticTriggers = (
  triggers: readonly CompiledTrigger[]
): TriggerSet => ({ current: async () => triggers });
