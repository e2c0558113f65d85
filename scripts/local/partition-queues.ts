/**
 * @module Records read from Kafka and not yet committed, queued per
 * partition: the poller builds batches from the queue heads and removes
 * records only once they are finished or given up on.
 */
import { type MskRecord, partitionKey } from '#core/msk.ts';

/** A record waiting in its partition's queue, with its commit handle. */
export type QueuedRecord<Handle> = {
  readonly record: MskRecord;
  readonly handle: Handle;
  /** When the poller read it (epoch ms), for the batching window. */
  readonly arrivedAt: number;
};

type PartitionState<Handle> = {
  readonly key: string;
  readonly items: QueuedRecord<Handle>[];
  /** Highest offset ever queued: a record at or below it is a re-read. */
  lastQueued: number;
  /** Failed invocations of the current head. */
  attempts: number;
  /** No retry before this time (epoch ms). */
  notBefore: number;
};

/** When the next batch is due: now, at a time, or when records arrive. */
export type BatchDue =
  | { readonly due: true }
  | { readonly due: false; readonly at: number | undefined };

/** Per-partition queues of uncommitted records, in offset order. */
export class PartitionQueues<Handle> {
  readonly #partitions = new Map<string, PartitionState<Handle>>();

  /** Records queued over all partitions. */
  get size(): number {
    let total = 0;
    for (const state of this.#partitions.values()) total += state.items.length;

    return total;
  }

  /**
   * Queues a record read from Kafka. Returns false, queuing nothing, for a
   * record at or below an offset already queued (a re-read after a
   * rebalance): its first copy is still queued or already finished.
   */
  push(record: MskRecord, handle: Handle, now: number): boolean {
    const key = partitionKey(record.topic, record.partition);
    let state = this.#partitions.get(key);
    if (!state) {
      state = { key, items: [], lastQueued: -1, attempts: 0, notBefore: 0 };
      this.#partitions.set(key, state);
    }
    if (record.offset <= state.lastQueued) return false;
    state.items.push({ record, handle, arrivedAt: now });
    state.lastQueued = record.offset;

    return true;
  }

  /** Forgets the partitions not in `keys` (revoked by a rebalance). */
  retainOnly(keys: ReadonlySet<string>): void {
    for (const key of this.#partitions.keys()) {
      if (!keys.has(key)) this.#partitions.delete(key);
    }
  }

  #ready(now: number): PartitionState<Handle>[] {
    return [...this.#partitions.values()]
      .filter((state) => state.items.length > 0 && state.notBefore <= now)
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  /**
   * Whether a batch of up to `limit` records is due: when that many are
   * ready, when a retry's delay is over, or when the oldest ready record
   * has waited the batching window.
   */
  due(limit: number, windowMs: number, now: number): BatchDue {
    const ready = this.#ready(now);
    if (ready.length === 0) return { due: false, at: this.#nextRetry() };
    const count = ready.reduce((sum, state) => sum + state.items.length, 0);
    const retrying = ready.some((state) => state.attempts > 0);
    const oldest = Math.min(
      ...ready.map((state) => state.items[0]?.arrivedAt ?? now)
    );
    if (count >= limit || retrying || oldest + windowMs <= now) {
      return { due: true };
    }

    return { due: false, at: oldest + windowMs };
  }

  #nextRetry(): number | undefined {
    const waiting = [...this.#partitions.values()]
      .filter((state) => state.items.length > 0 && state.attempts > 0)
      .map((state) => state.notBefore);

    return waiting.length > 0 ? Math.min(...waiting) : undefined;
  }

  /**
   * The next batch: the heads of the ready partitions, in partition order,
   * up to `limit` records. Records stay queued until completed.
   */
  take(limit: number, now: number): QueuedRecord<Handle>[] {
    const batch: QueuedRecord<Handle>[] = [];
    for (const state of this.#ready(now)) {
      const room = limit - batch.length;
      if (room <= 0) break;
      batch.push(...state.items.slice(0, room));
    }

    return batch;
  }

  /**
   * Removes the head records of `key` up to and including `offset`;
   * returns the last one removed, whose handle commits them all. Clears
   * the head's failure count when anything was removed.
   */
  completeThrough(
    key: string,
    offset: number
  ): QueuedRecord<Handle> | undefined {
    const state = this.#partitions.get(key);
    if (!state) return undefined;
    let last: QueuedRecord<Handle> | undefined;
    while ((state.items[0]?.record.offset ?? Infinity) <= offset) {
      last = state.items.shift();
    }
    if (last) {
      state.attempts = 0;
      state.notBefore = 0;
    }

    return last;
  }

  /**
   * Counts a failed invocation against the head of `key` and holds the
   * partition back until `retryAt(attempts)`. Returns the head's failure
   * count.
   */
  fail(key: string, retryAt: (attempts: number) => number): number {
    const state = this.#partitions.get(key);
    if (!state) return 0;
    state.attempts++;
    state.notBefore = retryAt(state.attempts);

    return state.attempts;
  }
}
