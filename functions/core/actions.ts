/**
 * @module The `TriggerFired` action a fired trigger produces.
 */
import { createHash } from 'node:crypto';
import type { HistoryEntry, Profile, Visit } from './checkpoint.ts';
import type { RecordPosition } from './decode.ts';
import type { UserEvent } from './event.ts';
import type { ActionTargetName } from './filters.ts';

/** EventBridge `source` of every Tripline action. */
export const ACTION_SOURCE = 'tripline';

/** EventBridge `detail-type` of a fired trigger. */
export const TRIGGER_FIRED = 'TriggerFired';

/** The body of a `TriggerFired` event: what a webhook receives. */
export type TriggerFiredDetail = {
  trigger: string;
  /** Stable per trigger and event: a redelivered event keeps its id. */
  action_id: string;
  /** When the trigger fired (ISO 8601, on the core's clock). */
  triggeredAt: string;
  user_id: string;
  event_id: string;
  event: UserEvent;
  user: Profile;
  visit: Visit;
  history: HistoryEntry[];
  /** True when the oldest history entries were left out to fit 256 KB. */
  history_truncated?: boolean;
};

/** An action on its way out, with the record it came from. */
export type TriggerAction = {
  readonly detail: TriggerFiredDetail;
  readonly targets: readonly ActionTargetName[];
  readonly position: RecordPosition;
};

/**
 * The action id: the first 128 bits of sha256(trigger, event id), as hex.
 * Receivers use it to drop a repeat delivery.
 */
export const actionIdOf = (trigger: string, eventId: string): string =>
  createHash('sha256')
    .update(trigger)
    .update('\u0000')
    .update(eventId)
    .digest('hex')
    .slice(0, 32);
