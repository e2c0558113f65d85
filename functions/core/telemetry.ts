/**
 * @module Metric names and the logger/metrics ports the core reports to.
 */

/** Every metric the core emits; names are part of the dashboard contract. */
export const Metric = {
  RECORDS_RECEIVED: 'RecordsReceived',
  EVENTS_PROCESSED: 'EventsProcessed',
  RECORDS_QUARANTINED: 'RecordsQuarantined',
  DUPLICATES_SKIPPED: 'DuplicatesSkipped',
  TRIGGERS_FIRED: 'TriggersFired',
  FILTER_ERRORS: 'FilterErrors',
  PROFILE_API_CALLS: 'ProfileApiCalls',
  PROFILE_API_FAILURES: 'ProfileApiFailures',
  ACTIONS_EMITTED: 'ActionsEmitted',
  ACTION_EMIT_FAILURES: 'ActionEmitFailures',
  CHECKPOINTS_EXPIRED: 'CheckpointsExpired',
  CHECKPOINT_CONFLICTS: 'CheckpointConflicts',
  CHECKPOINT_SAVE_FAILURES: 'CheckpointSaveFailures',
  CHECKPOINT_LOAD_MS: 'CheckpointLoadLatency',
  CHECKPOINT_SAVE_MS: 'CheckpointSaveLatency',
  CHECKPOINT_BYTES: 'CheckpointSize',
  BATCH_ITEM_FAILURES: 'BatchItemFailures',
  PROCESSING_MS: 'ProcessingLatency',
  EVENT_LAG_MS: 'EventLag',
  FILTER_RELOAD_ERRORS: 'FilterReloadErrors',
} as const;

/** One of {@link Metric}. */
export type MetricName = (typeof Metric)[keyof typeof Metric];

/** Unit of a metric value. */
export type MetricUnit = 'Count' | 'Milliseconds' | 'Bytes';

/** Where the core records its figures (EMF in Lambda, counters elsewhere). */
export interface MetricsPort {
  add(name: MetricName, unit: MetricUnit, value: number): void;
}

/** The logging calls the core makes; Powertools Logger satisfies it. */
export interface LoggerPort {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** Metrics that sum into a plain object: for the CLI, tests and benches. */
export class CountingMetrics implements MetricsPort {
  readonly totals: Partial<Record<MetricName, number>> = {};

  add(name: MetricName, _unit: MetricUnit, value: number): void {
    this.totals[name] = (this.totals[name] ?? 0) + value;
  }

  get(name: MetricName): number {
    return this.totals[name] ?? 0;
  }
}

/** A logger that drops everything. */
export const silentLogger: LoggerPort = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
