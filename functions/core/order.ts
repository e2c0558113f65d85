/**
 * @module Grouping decoded records by user, in a replayable order.
 */
import type { DecodedRecord } from './decode.ts';

const before = (a: DecodedRecord, b: DecodedRecord): boolean => {
  if (a.event.timestamp !== b.event.timestamp) {
    return a.event.timestamp < b.event.timestamp;
  }
  if (a.partition !== b.partition) return a.partition < b.partition;

  return a.offset < b.offset;
};

/**
 * Merges one user's per-partition sequences. Order within a partition is
 * Kafka's and is never changed; across partitions the head with the
 * earliest timestamp (then partition, then offset) goes first.
 */
const mergePartitions = (
  lanes: readonly DecodedRecord[][]
): DecodedRecord[] => {
  if (lanes.length === 1) return lanes[0] ?? [];

  const heads = lanes.map(() => 0);
  const merged: DecodedRecord[] = [];
  for (;;) {
    let pick = -1;
    for (let lane = 0; lane < lanes.length; lane++) {
      const candidate = lanes[lane]?.[heads[lane] ?? 0];
      if (candidate === undefined) continue;
      const current = pick < 0 ? undefined : lanes[pick]?.[heads[pick] ?? 0];
      if (current === undefined || before(candidate, current)) pick = lane;
    }
    if (pick < 0) break;
    const record = lanes[pick]?.[heads[pick] ?? 0];
    if (record) merged.push(record);
    heads[pick] = (heads[pick] ?? 0) + 1;
  }

  return merged;
};

/**
 * Groups records by `user_id`. The input must be in delivery order within
 * each topic-partition, as the event source mapping delivers it.
 */
export const groupByUser = (
  records: readonly DecodedRecord[]
): Map<string, DecodedRecord[]> => {
  const lanesByUser = new Map<string, Map<string, DecodedRecord[]>>();
  for (const record of records) {
    const user = record.event.user_id;
    let lanes = lanesByUser.get(user);
    if (!lanes) {
      lanes = new Map();
      lanesByUser.set(user, lanes);
    }
    const lane = `${record.topic}\u0000${record.partition}`;
    const sequence = lanes.get(lane);
    if (sequence) sequence.push(record);
    else lanes.set(lane, [record]);
  }

  const grouped = new Map<string, DecodedRecord[]>();
  for (const [user, lanes] of lanesByUser) {
    grouped.set(user, mergePartitions([...lanes.values()]));
  }

  return grouped;
};
