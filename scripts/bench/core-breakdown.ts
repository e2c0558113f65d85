/**
 * @module The cost of each step of the core, timed on its own on the same
 * workload: decoding, one filter, one checkpoint encode and decode.
 */
import {
  applyEvent,
  type Checkpoint,
  newCheckpoint,
} from '#core/checkpoint.ts';
import { decodeCheckpoint, encodeCheckpoint } from '#core/checkpoint-codec.ts';
import { decodeRecord } from '#core/decode.ts';
import { userEventSchema } from '#core/event.ts';
import {
  type CompiledTrigger,
  evaluateTrigger,
  type FilterContext,
  filterContextOf,
} from '#core/filters.ts';
import type { MskRecord } from '#core/msk.ts';
import { HISTORY_CAP, TTL_SECONDS } from './core-throughput.ts';
import { benchEnrichment } from './profiles.ts';
import { compileBenchTriggers } from './triggers.ts';

/** Microseconds per call of each step. */
export type StepCosts = {
  /** base64 and strict UTF-8 decoding of a record value. */
  readonly bytesUs: number;
  /** `JSON.parse` of an event's text. */
  readonly jsonParseUs: number;
  /** Schema validation of a parsed event. */
  readonly validateUs: number;
  /** The whole `decodeRecord`: the three above and the result object. */
  readonly decodeRecordUs: number;
  /** One trigger evaluated on one event's context. */
  readonly filterEvalUs: number;
  /** `encodeCheckpoint` of a checkpoint as saved. */
  readonly encodeUs: number;
  /** `decodeCheckpoint` of a stored checkpoint. */
  readonly decodeCheckpointUs: number;
  /** Mean encoded size of the checkpoints saved, in bytes. */
  readonly encodedBytes: number;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Timed passes of each step; the fastest counts. */
const PASSES = 3;

/**
 * Runs `step` over `inputs` once to warm up, then times passes in CPU
 * time (on a shared machine wall time also counts other processes) and
 * keeps the fastest: a pass that a major collection lands in says more
 * about the bench's heap than about the step.
 */
const perCall = async <T>(
  inputs: readonly T[],
  step: (input: T) => unknown
): Promise<number> => {
  for (const input of inputs) await step(input);
  let fastest = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < PASSES; pass++) {
    const before = process.cpuUsage();
    for (const input of inputs) await step(input);
    const used = process.cpuUsage(before);
    fastest = Math.min(fastest, used.user + used.system);
  }

  return fastest / Math.max(1, inputs.length);
};

/**
 * The filter contexts the core builds for the last `limit` of `records`,
 * replaying all of them so histories are as long as in a running system:
 * a new checkpoint on a user's first or expired event, then the reducer.
 */
export const filterContexts = (
  records: readonly MskRecord[],
  limit: number
): FilterContext[] => {
  const checkpoints = new Map<string, Checkpoint>();
  const contexts: FilterContext[] = [];
  const firstKept = records.length - limit;
  for (const [index, record] of records.entries()) {
    const decoded = decodeRecord(record);
    if (!decoded.ok) continue;
    const { event } = decoded;
    let checkpoint = checkpoints.get(event.user_id);
    if (
      !checkpoint ||
      checkpoint.last_activity + TTL_SECONDS * 1000 <= event.timestamp
    ) {
      const enrichment = benchEnrichment(event.user_id);
      checkpoint = newCheckpoint(event.user_id, enrichment, event.timestamp);
    }
    checkpoint = applyEvent(checkpoint, event, decoded, HISTORY_CAP);
    checkpoints.set(event.user_id, checkpoint);
    if (index < firstKept) continue;
    contexts.push(filterContextOf(event, checkpoint));
  }

  return contexts;
};

/**
 * Times each step of the core on up to `sample` inputs: the last records
 * of the workload, and the last checkpoints saved.
 */
export const measureStepCosts = async (
  records: readonly MskRecord[],
  saved: readonly Checkpoint[],
  sample: number
): Promise<StepCosts> => {
  const someRecords = records.slice(-sample);
  const values = someRecords.map((record) => record.value ?? '');
  const texts = values.map((value) =>
    utf8.decode(Buffer.from(value, 'base64'))
  );
  const parsed = texts.map((text) => JSON.parse(text) as unknown);
  const triggers: CompiledTrigger[] = compileBenchTriggers();
  const contexts = filterContexts(records, Math.ceil(sample / triggers.length));
  const pairs = contexts.flatMap((context) =>
    triggers.map((trigger) => ({ trigger, context }))
  );
  const checkpoints = saved.slice(-Math.min(saved.length, sample / 10));
  const encoded = checkpoints.map((checkpoint) => encodeCheckpoint(checkpoint));
  const encodedBytes =
    encoded.reduce((sum, bytes) => sum + bytes.length, 0) /
    Math.max(1, encoded.length);

  return {
    bytesUs: await perCall(values, (value) =>
      utf8.decode(Buffer.from(value, 'base64'))
    ),
    jsonParseUs: await perCall(texts, (text) => JSON.parse(text)),
    validateUs: await perCall(parsed, (json) =>
      userEventSchema.safeParse(json)
    ),
    decodeRecordUs: await perCall(someRecords, decodeRecord),
    filterEvalUs: await perCall(pairs, ({ trigger, context }) =>
      evaluateTrigger(trigger, context)
    ),
    encodeUs: await perCall(checkpoints, encodeCheckpoint),
    decodeCheckpointUs: await perCall(encoded, decodeCheckpoint),
    encodedBytes,
  };
};
