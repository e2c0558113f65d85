/**
 * @module One user's pass over a batch: expiry, enrichment, reduce, filters.
 */
import { actionIdOf, type TriggerAction } from './actions.ts';
import {
  applyEvent,
  type Checkpoint,
  emptyEnrichment,
  type HistoryDetailLevel,
  hasApplied,
  newCheckpoint,
  type StoredCheckpoint,
} from './checkpoint.ts';
import type { DecodedRecord } from './decode.ts';
import {
  type CompiledTrigger,
  evaluateTrigger,
  filterContextOf,
} from './filters.ts';
import type { Clock, ProfileSource } from './ports.ts';
import { type LoggerPort, Metric, type MetricsPort } from './telemetry.ts';

/** What the pass needs besides the user's records. */
export type UserPassContext = {
  readonly triggers: readonly CompiledTrigger[];
  readonly profiles: ProfileSource | undefined;
  readonly clock: Clock;
  readonly historyCap: number;
  readonly historyDetail?: HistoryDetailLevel | undefined;
  readonly ttlSeconds: number;
  readonly logger: LoggerPort;
  readonly metrics: MetricsPort;
};

/** What one user's pass produced. */
export type UserPassResult = {
  readonly userId: string;
  readonly records: readonly DecodedRecord[];
  /** The checkpoint to save, or undefined when no record was new. */
  readonly checkpoint: Checkpoint | undefined;
  readonly expectedVersion: number;
  readonly expiresAt: number;
  readonly actions: TriggerAction[];
  readonly applied: number;
  readonly duplicates: number;
};

/** Correlation keys of one record, added to each log line about it. */
export const recordKeys = (record: DecodedRecord) => ({
  user_id: record.event.user_id,
  event_id: record.event.event_id,
  partition: `${record.topic}-${record.partition}`,
  offset: record.offset,
});

const enrich = async (
  userId: string,
  context: UserPassContext
): Promise<ReturnType<typeof emptyEnrichment>> => {
  if (!context.profiles) return emptyEnrichment();
  context.metrics.add(Metric.PROFILE_API_CALLS, 'Count', 1);
  const enrichment = await context.profiles.enrich(userId);
  if (!enrichment.complete) {
    context.metrics.add(Metric.PROFILE_API_FAILURES, 'Count', 1);
    context.logger.warn('profile API failed; going on with empty parts', {
      user_id: userId,
    });
  }

  return enrichment;
};

/**
 * Applies a user's records in order to their checkpoint and evaluates
 * every trigger after each event. A record already applied (its offset
 * is at or below the checkpoint's for its partition) is skipped.
 */
export const runUserPass = async (
  userId: string,
  records: readonly DecodedRecord[],
  stored: StoredCheckpoint | undefined,
  context: UserPassContext
): Promise<UserPassResult> => {
  let checkpoint = stored?.checkpoint;
  let expiresAt = stored?.expiresAt ?? 0;
  let changed = false;
  let applied = 0;
  let duplicates = 0;
  const actions: TriggerAction[] = [];

  for (const record of records) {
    if (checkpoint && hasApplied(checkpoint, record)) {
      duplicates++;
      continue;
    }

    const now = context.clock(record.event);
    if (!checkpoint || expiresAt * 1000 <= now) {
      if (checkpoint)
        context.metrics.add(Metric.CHECKPOINTS_EXPIRED, 'Count', 1);
      const enrichment = await enrich(userId, context);
      checkpoint = newCheckpoint(userId, enrichment, now, checkpoint?.offsets);
    }
    checkpoint = applyEvent(
      checkpoint,
      record.event,
      record,
      context.historyCap,
      context.historyDetail
    );
    expiresAt = Math.floor(now / 1000) + context.ttlSeconds;
    changed = true;
    applied++;

    const filterContext = filterContextOf(record.event, checkpoint);
    for (const trigger of context.triggers) {
      const outcome = await evaluateTrigger(trigger, filterContext);
      if (outcome.status === 'error') {
        context.metrics.add(Metric.FILTER_ERRORS, 'Count', 1);
        context.logger.warn('filter failed; skipped for this event', {
          ...recordKeys(record),
          trigger: trigger.name,
          code: outcome.code,
          error: outcome.message,
        });
        continue;
      }
      if (outcome.status !== 'fired') continue;
      actions.push({
        targets: trigger.actions,
        position: record,
        detail: {
          trigger: trigger.name,
          action_id: actionIdOf(trigger.name, record.event.event_id),
          triggeredAt: new Date(now).toISOString(),
          user_id: userId,
          event_id: record.event.event_id,
          event: record.event,
          user: checkpoint.profile,
          visit: checkpoint.visit,
          history: checkpoint.history,
        },
      });
    }
  }

  return {
    userId,
    records,
    checkpoint: changed ? checkpoint : undefined,
    expectedVersion: stored?.version ?? 0,
    expiresAt,
    actions,
    applied,
    duplicates,
  };
};
