/**
 * @module Decoding MSK records into validated user events.
 */
import { type UserEvent, userEventSchema } from './event.ts';
import type { MskRecord } from './msk.ts';

/** Stable codes for why a record was quarantined. */
export const QuarantineReason = {
  EMPTY_VALUE: 'EMPTY_VALUE',
  INVALID_BASE64: 'INVALID_BASE64',
  INVALID_UTF8: 'INVALID_UTF8',
  INVALID_JSON: 'INVALID_JSON',
  INVALID_EVENT: 'INVALID_EVENT',
} as const;

/** One of {@link QuarantineReason}. */
export type QuarantineReasonCode =
  (typeof QuarantineReason)[keyof typeof QuarantineReason];

/** Where a record came from: enough to find it again on the topic. */
export type RecordPosition = {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
};

/** A record that decoded to a valid event. */
export type DecodedRecord = RecordPosition & {
  readonly ok: true;
  readonly event: UserEvent;
};

/** A record that did not decode, with the reason and its raw value. */
export type RejectedRecord = RecordPosition & {
  readonly ok: false;
  readonly reason: QuarantineReasonCode;
  readonly detail: string;
  /** The record value exactly as received (base64), or null if absent. */
  readonly rawValue: string | null;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const reject = (
  record: MskRecord,
  reason: QuarantineReasonCode,
  detail: string
): RejectedRecord => ({
  ok: false,
  topic: record.topic,
  partition: record.partition,
  offset: record.offset,
  reason,
  detail,
  rawValue: record.value ?? null,
});

const describeIssues = (
  issues: readonly { path: PropertyKey[]; message: string }[]
) =>
  issues
    .slice(0, 5)
    .map(
      (issue) =>
        `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`
    )
    .join('; ');

/**
 * Decodes one MSK record: base64, strict UTF-8, JSON, then the user-event
 * schema. Never throws: a record that fails any step is returned as a
 * {@link RejectedRecord} with a stable reason code.
 */
export const decodeRecord = (
  record: MskRecord
): DecodedRecord | RejectedRecord => {
  const value = record.value;
  if (value === undefined || value === null || value === '') {
    return reject(record, QuarantineReason.EMPTY_VALUE, 'record has no value');
  }
  if (value.length % 4 !== 0 || !BASE64.test(value)) {
    return reject(
      record,
      QuarantineReason.INVALID_BASE64,
      'value is not base64'
    );
  }

  let text: string;
  try {
    text = utf8.decode(Buffer.from(value, 'base64'));
  } catch {
    return reject(record, QuarantineReason.INVALID_UTF8, 'value is not UTF-8');
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return reject(
      record,
      QuarantineReason.INVALID_JSON,
      error instanceof Error ? error.message : 'value is not JSON'
    );
  }

  const parsed = userEventSchema.safeParse(json);
  if (!parsed.success) {
    return reject(
      record,
      QuarantineReason.INVALID_EVENT,
      describeIssues(parsed.error.issues)
    );
  }

  return {
    ok: true,
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    event: parsed.data,
  };
};
