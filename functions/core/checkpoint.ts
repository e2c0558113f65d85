/**
 * @module The per-user checkpoint and the pure reducer that applies events.
 */
import type { RecordPosition } from './decode.ts';
import type { UserEvent } from './event.ts';
import { partitionKey } from './msk.ts';

/** One past event as filters see it in `history`. */
export type HistoryEntry = {
  event_id: string;
  event_name?: string | undefined;
  event_type: string;
  timestamp: number;
  parameters?: Record<string, unknown> | undefined;
};

/** The user's profile, as the profile API returns it. */
export type Profile = Record<string, unknown>;

/** The user's current visit; `actions` counts the events applied to it. */
export type Visit = Record<string, unknown> & { actions?: number };

/** What the profile API returned for a user (empty parts when it failed). */
export type Enrichment = {
  profile: Profile;
  visit: Visit;
  history: HistoryEntry[];
  /** False when any of the three calls failed and a part is empty. */
  complete: boolean;
};

/** Everything Tripline keeps about one user between events. */
export type Checkpoint = {
  user_id: string;
  profile: Profile;
  visit: Visit;
  /** Oldest first; includes the event being evaluated. */
  history: HistoryEntry[];
  /** Timestamp (epoch ms) of the last event applied. */
  last_activity: number;
  /** When the checkpoint was built (epoch ms, on the core's clock). */
  created_at: number;
  /** Highest offset applied per `topic-partition`. */
  offsets: Record<string, number>;
};

/** A checkpoint as stored, with its concurrency and expiry attributes. */
export type StoredCheckpoint = {
  checkpoint: Checkpoint;
  /** Incremented on every save; the conditional write compares it. */
  version: number;
  /** TTL attribute: epoch seconds after which the item is expired. */
  expiresAt: number;
};

/** An empty enrichment, used when no profile API is set or it failed. */
export const emptyEnrichment = (): Enrichment => ({
  profile: {},
  visit: {},
  history: [],
  complete: false,
});

/** Builds a fresh checkpoint from an enrichment. */
export const newCheckpoint = (
  userId: string,
  enrichment: Enrichment,
  now: number,
  offsets: Record<string, number> = {}
): Checkpoint => ({
  user_id: userId,
  profile: enrichment.profile,
  visit: { ...enrichment.visit },
  history: [...enrichment.history],
  last_activity: now,
  created_at: now,
  offsets: { ...offsets },
});

/** Whether a stored item is past its TTL, though DynamoDB still holds it. */
export const isExpired = (stored: StoredCheckpoint, nowMs: number): boolean =>
  stored.expiresAt * 1000 <= nowMs;

/**
 * How much of each event its history entry keeps: `full` keeps the event
 * id and all parameters; `utm` drops `custom_params`; `minimal` keeps only
 * name, type and time (the event id is left empty). Less detail, smaller
 * checkpoint items: see docs/performance.md for the write units of each.
 */
export const HistoryDetail = {
  FULL: 'full',
  UTM: 'utm',
  MINIMAL: 'minimal',
} as const;

/** One of {@link HistoryDetail}. */
export type HistoryDetailLevel =
  (typeof HistoryDetail)[keyof typeof HistoryDetail];

const utmOnly = (
  parameters: Record<string, unknown>
): Record<string, unknown> => {
  const { custom_params: _custom, ...utm } = parameters;
  return utm;
};

/** The compact history entry kept for an event. */
export const toHistoryEntry = (
  event: UserEvent,
  detail: HistoryDetailLevel = HistoryDetail.FULL
): HistoryEntry => {
  const entry: HistoryEntry = {
    event_id: detail === HistoryDetail.MINIMAL ? '' : event.event_id,
    event_type: event.event_type,
    timestamp: event.timestamp,
  };
  if (event.event_name !== undefined) entry.event_name = event.event_name;
  if (event.parameters === undefined || detail === HistoryDetail.MINIMAL) {
    return entry;
  }
  entry.parameters =
    detail === HistoryDetail.UTM ? utmOnly(event.parameters) : event.parameters;

  return entry;
};

/** Whether the checkpoint has already applied the record at `position`. */
export const hasApplied = (
  checkpoint: Checkpoint,
  position: RecordPosition
): boolean => {
  const applied =
    checkpoint.offsets[partitionKey(position.topic, position.partition)];

  return applied !== undefined && position.offset <= applied;
};

/**
 * Applies one event: appends it to the history (dropping the oldest past
 * `historyCap`), counts it in the visit, moves last activity and records
 * its offset. Pure: returns a new checkpoint.
 */
export const applyEvent = (
  checkpoint: Checkpoint,
  event: UserEvent,
  position: RecordPosition,
  historyCap: number,
  detail: HistoryDetailLevel = HistoryDetail.FULL
): Checkpoint => {
  const history = [...checkpoint.history, toHistoryEntry(event, detail)];
  const overflow = history.length - historyCap;

  return {
    ...checkpoint,
    history: overflow > 0 ? history.slice(overflow) : history,
    visit: {
      ...checkpoint.visit,
      actions: (checkpoint.visit.actions ?? 0) + 1,
    },
    last_activity: Math.max(checkpoint.last_activity, event.timestamp),
    offsets: {
      ...checkpoint.offsets,
      [partitionKey(position.topic, position.partition)]: position.offset,
    },
  };
};
