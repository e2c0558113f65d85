/**
 * @module Actions as `TriggerFired` events on the Tripline event bus.
 */
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import {
  ACTION_SOURCE,
  TRIGGER_FIRED,
  type TriggerAction,
  type TriggerFiredDetail,
} from '#core/actions.ts';
import type { ActionSink } from '#core/ports.ts';

/** PutEvents takes at most 10 entries a call. */
const MAX_ENTRIES = 10;
/** PutEvents takes at most 256 KB a call, and so an entry. */
const MAX_REQUEST_BYTES = 256 * 1024;
/** Room kept for the entry's fixed fields (source, type, time). */
const ENTRY_OVERHEAD = 64;

/** Settings of the EventBridge sink. */
export type EventBridgeSinkOptions = {
  readonly client: EventBridgeClient;
  readonly eventBusName: string;
  /** Sends of the failed entries after the first. */
  readonly retries?: number;
  readonly minBackoffMs?: number;
};

type Pending = {
  readonly actionId: string;
  readonly entry: PutEventsRequestEntry;
  readonly bytes: number;
};

/**
 * Serializes a detail, leaving out the oldest history entries if needed
 * so the entry fits EventBridge's 256 KB.
 *
 * Limitation: an event that alone exceeds 256 KB still fails to put; its
 * record is reported as failed and, after the event source mapping's
 * retries, kept by its on-failure destination.
 */
export const serializeDetail = (detail: TriggerFiredDetail): string => {
  let json = JSON.stringify(detail);
  let history = detail.history;
  while (
    Buffer.byteLength(json) + ENTRY_OVERHEAD > MAX_REQUEST_BYTES &&
    history.length > 0
  ) {
    history = history.slice(Math.ceil(history.length / 2));
    json = JSON.stringify({ ...detail, history, history_truncated: true });
  }

  return json;
};

/** Splits entries into PutEvents calls within the count and size limits. */
export const planPutEventsCalls = (
  pending: readonly Pending[]
): Pending[][] => {
  const calls: Pending[][] = [];
  let current: Pending[] = [];
  let bytes = 0;
  for (const item of pending) {
    const full =
      current.length === MAX_ENTRIES || bytes + item.bytes > MAX_REQUEST_BYTES;
    if (full && current.length > 0) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
  }
  if (current.length > 0) calls.push(current);

  return calls;
};

/**
 * Puts actions in as few PutEvents calls as the limits allow, then resends
 * only the entries that failed, with exponential backoff.
 */
export class EventBridgeActionSink implements ActionSink {
  readonly #options: Required<EventBridgeSinkOptions>;

  constructor(options: EventBridgeSinkOptions) {
    this.#options = { retries: 4, minBackoffMs: 50, ...options };
  }

  async emit(actions: readonly TriggerAction[]): Promise<Set<string>> {
    let pending: Pending[] = actions.map((action) => {
      const detail = serializeDetail(action.detail);
      return {
        actionId: action.detail.action_id,
        bytes: Buffer.byteLength(detail) + ENTRY_OVERHEAD,
        entry: {
          EventBusName: this.#options.eventBusName,
          Source: ACTION_SOURCE,
          DetailType: TRIGGER_FIRED,
          Detail: detail,
          Time: new Date(action.detail.triggeredAt),
        },
      };
    });

    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        const delay = this.#options.minBackoffMs * 2 ** (attempt - 1);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
      const calls = planPutEventsCalls(pending);
      const failed = await Promise.all(calls.map((call) => this.#put(call)));
      pending = failed.flat();
      if (attempt >= this.#options.retries) break;
    }

    return new Set(pending.map((item) => item.actionId));
  }

  async #put(call: readonly Pending[]): Promise<Pending[]> {
    try {
      const response = await this.#options.client.send(
        new PutEventsCommand({ Entries: call.map((item) => item.entry) })
      );
      if (!response.FailedEntryCount) return [];
      // Results are in request order; a failed entry has an ErrorCode.
      return call.filter(
        (_item, index) => response.Entries?.[index]?.ErrorCode !== undefined
      );
    } catch {
      return [...call];
    }
  }
}
