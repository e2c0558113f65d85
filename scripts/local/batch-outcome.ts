/**
 * @module Reading a function's answer to a batch the way Lambda's Kafka
 * event source mapping does.
 */
import {
  type KafkaBatchResponse,
  type MskRecord,
  partitionKey,
} from '#core/msk.ts';

/** The records of one partition in a batch, first and last offsets. */
export type PartitionSlice = {
  readonly key: string;
  readonly records: readonly MskRecord[];
  readonly lastOffset: number;
};

/** Splits a batch into its partitions, keeping order. */
export const slicesOf = (records: readonly MskRecord[]): PartitionSlice[] => {
  const byKey = new Map<string, MskRecord[]>();
  for (const record of records) {
    const key = partitionKey(record.topic, record.partition);
    const list = byKey.get(key) ?? [];
    list.push(record);
    byKey.set(key, list);
  }

  return [...byKey].map(([key, list]) => ({
    key,
    records: list,
    lastOffset: list.at(-1)?.offset ?? -1,
  }));
};

/** What the answer means: per partition, the first offset to redeliver. */
export type BatchOutcome =
  | { readonly valid: true; readonly retryFrom: ReadonlyMap<string, number> }
  | { readonly valid: false; readonly reason: string };

/**
 * Reads `batchItemFailures`: the lowest failed offset of each partition.
 * An identifier that names no record of the batch makes the whole answer
 * invalid, and Lambda then treats the batch as failed.
 */
export const readBatchOutcome = (
  response: unknown,
  slices: readonly PartitionSlice[]
): BatchOutcome => {
  const retryFrom = new Map<string, number>();
  if (response === null || response === undefined) {
    return { valid: true, retryFrom };
  }
  const failures = (response as Partial<KafkaBatchResponse>).batchItemFailures;
  if (failures === null || failures === undefined) {
    return { valid: true, retryFrom };
  }
  if (!Array.isArray(failures)) {
    return { valid: false, reason: 'batchItemFailures is not a list' };
  }

  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown })?.itemIdentifier as
      | { partition?: unknown; offset?: unknown }
      | undefined;
    const slice = slices.find((candidate) => candidate.key === id?.partition);
    const offset = Number(id?.offset);
    if (!slice?.records.some((record) => record.offset === offset)) {
      return {
        valid: false,
        reason: `itemIdentifier ${JSON.stringify(id)} names no record of the batch`,
      };
    }
    const current = retryFrom.get(slice.key);
    if (current === undefined || offset < current)
      retryFrom.set(slice.key, offset);
  }

  return { valid: true, retryFrom };
};
