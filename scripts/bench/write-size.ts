/**
 * @module Section 3: the size of a checkpoint item and its write units,
 * by history length, and over the checkpoints a run really saved.
 */
import { brotliCompressSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { itemSize } from '#adapters/dynamodb-checkpoint-store.ts';
import {
  applyEvent,
  type Checkpoint,
  HistoryDetail,
  type HistoryDetailLevel,
  newCheckpoint,
} from '#core/checkpoint.ts';
import { encodeCheckpoint } from '#core/checkpoint-codec.ts';
import type { UserEvent } from '#core/event.ts';
import { HISTORY_CAP } from './core-throughput.ts';
import { readUnits, writeUnits } from './cost-model.ts';
import { benchEnrichment } from './profiles.ts';

/** History lengths the bench reports. */
export const HISTORY_LENGTHS = [1, 10, 50, 100] as const;

/** A version and TTL of realistic width, as a running table holds them. */
const VERSION = 1234;
const EXPIRES_AT = 1_735_690_200;

/** The item the DynamoDB store writes: the same four attributes. */
export const checkpointItem = (
  checkpoint: Checkpoint
): Record<string, AttributeValue> => ({
  user_id: { S: checkpoint.user_id },
  version: { N: String(VERSION) },
  expires_at: { N: String(EXPIRES_AT) },
  state: { B: encodeCheckpoint(checkpoint) },
});

/** The naive design's item: the checkpoint as plain JSON text. */
export const naiveItem = (
  checkpoint: Checkpoint
): Record<string, AttributeValue> => ({
  user_id: { S: checkpoint.user_id },
  version: { N: String(VERSION) },
  expires_at: { N: String(EXPIRES_AT) },
  state: { S: JSON.stringify(checkpoint) },
});

/** Item size and write units at one history length. */
export type SizeAtLength = {
  readonly history: number;
  /** Median item size over the sampled users, in bytes. */
  readonly bytes: number;
  readonly wru: number;
  /** The same checkpoint as plain JSON. */
  readonly naiveBytes: number;
  readonly naiveWru: number;
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** A user's checkpoint after their first `length` events. */
const checkpointAfter = (
  events: readonly UserEvent[],
  length: number,
  detail: HistoryDetailLevel = HistoryDetail.FULL
): Checkpoint => {
  const first = events[0];
  if (!first) throw new RangeError('checkpointAfter needs events');
  let checkpoint = newCheckpoint(
    first.user_id,
    benchEnrichment(first.user_id),
    first.timestamp
  );
  events.slice(0, length).forEach((event, offset) => {
    checkpoint = applyEvent(
      checkpoint,
      event,
      { topic: 'user-tracking-events', partition: 0, offset },
      HISTORY_CAP,
      detail
    );
  });

  return checkpoint;
};

/**
 * Item sizes at each history length, median over up to `users` of the
 * workload's users that have at least 100 events.
 */
export const measureSizes = (
  events: readonly UserEvent[],
  users: number
): {
  sizes: SizeAtLength[];
  eventIdBytesAt50: number;
  /** Item bytes at history 50 with less history detail. */
  bytesAt50: Record<'utm' | 'minimal', number>;
} => {
  const byUser = new Map<string, UserEvent[]>();
  for (const event of events) {
    const list = byUser.get(event.user_id) ?? [];
    list.push(event);
    byUser.set(event.user_id, list);
  }
  const sampled = [...byUser.values()]
    .filter((list) => list.length >= 100)
    .slice(0, users);

  const sizes = HISTORY_LENGTHS.map((history) => {
    const checkpoints = sampled.map((list) => checkpointAfter(list, history));
    const bytes = median(checkpoints.map((c) => itemSize(checkpointItem(c))));
    const naiveBytes = median(checkpoints.map((c) => itemSize(naiveItem(c))));
    return {
      history,
      bytes,
      wru: writeUnits(bytes),
      naiveBytes,
      naiveWru: writeUnits(naiveBytes),
    };
  });
  const eventIdBytesAt50 = median(
    sampled.map(
      (list) =>
        brotliCompressSync(
          JSON.stringify(list.slice(0, 50).map((event) => event.event_id))
        ).length
    )
  );

  const bytesAt50 = (detail: HistoryDetailLevel) =>
    median(
      sampled.map((list) =>
        itemSize(checkpointItem(checkpointAfter(list, 50, detail)))
      )
    );

  return {
    sizes,
    eventIdBytesAt50,
    bytesAt50: {
      utm: bytesAt50(HistoryDetail.UTM),
      minimal: bytesAt50(HistoryDetail.MINIMAL),
    },
  };
};

/** Mean units over the checkpoints a run saved, both designs. */
export type SavedUnits = {
  readonly meanBytes: number;
  readonly wruPerWrite: number;
  readonly rruPerRead: number;
  readonly naiveWruPerWrite: number;
  readonly naiveRruPerRead: number;
};

/** Mean write and read units of up to `sample` saved checkpoints. */
export const measureSavedUnits = (
  saved: readonly Checkpoint[],
  sample: number
): SavedUnits => {
  const step = Math.max(1, Math.floor(saved.length / sample));
  let count = 0;
  let bytes = 0;
  let wru = 0;
  let rru = 0;
  let naiveWru = 0;
  let naiveRru = 0;
  for (let index = 0; index < saved.length; index += step) {
    const checkpoint = saved[index];
    if (!checkpoint) continue;
    const size = itemSize(checkpointItem(checkpoint));
    const naiveSize = itemSize(naiveItem(checkpoint));
    count++;
    bytes += size;
    wru += writeUnits(size);
    rru += readUnits(size);
    naiveWru += writeUnits(naiveSize);
    naiveRru += readUnits(naiveSize);
  }
  const mean = (total: number) => (count ? total / count : 0);

  return {
    meanBytes: mean(bytes),
    wruPerWrite: mean(wru),
    rruPerRead: mean(rru),
    naiveWruPerWrite: mean(naiveWru),
    naiveRruPerRead: mean(naiveRru),
  };
};
