/**
 * @module Quarantined records kept in an SQS queue, with their reason.
 */
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { chunksOf } from '#core/chunks.ts';
import type { RejectedRecord } from '#core/decode.ts';
import type { QuarantineSink } from '#core/ports.ts';

/** SendMessageBatch takes at most 10 messages a call. */
const MAX_ENTRIES = 10;
/** Raw values longer than this are cut; the topic position finds the rest. */
const MAX_RAW_CHARS = 200_000;

/** The message body of a quarantined record. */
export type QuarantineMessage = {
  topic: string;
  partition: number;
  offset: number;
  reason: string;
  detail: string;
  /** The record value as received (base64), possibly cut. */
  raw_value: string | null;
  raw_value_truncated: boolean;
  quarantined_at: string;
};

/** Builds the message body kept for a rejected record. */
export const toQuarantineMessage = (
  record: RejectedRecord,
  now: Date
): QuarantineMessage => ({
  topic: record.topic,
  partition: record.partition,
  offset: record.offset,
  reason: record.reason,
  detail: record.detail,
  raw_value: record.rawValue?.slice(0, MAX_RAW_CHARS) ?? null,
  raw_value_truncated: (record.rawValue?.length ?? 0) > MAX_RAW_CHARS,
  quarantined_at: now.toISOString(),
});

/** Sends rejected records to the quarantine queue, resending failures. */
export class SqsQuarantineSink implements QuarantineSink {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #retries: number;

  constructor(options: {
    client: SQSClient;
    queueUrl: string;
    retries?: number;
  }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#retries = options.retries ?? 3;
  }

  async quarantine(
    records: readonly RejectedRecord[]
  ): Promise<RejectedRecord[]> {
    const now = new Date();
    let pending = records.map((record, index) => ({ record, id: `r${index}` }));
    for (
      let attempt = 0;
      attempt <= this.#retries && pending.length > 0;
      attempt++
    ) {
      const failed = await Promise.all(
        chunksOf(pending, MAX_ENTRIES).map((chunk) => this.#send(chunk, now))
      );
      const failedIds = new Set(failed.flat());
      pending = pending.filter(({ id }) => failedIds.has(id));
    }

    return pending.map(({ record }) => record);
  }

  /** Sends one batch; resolves to the ids that failed. */
  async #send(
    chunk: readonly { record: RejectedRecord; id: string }[],
    now: Date
  ): Promise<string[]> {
    const entries: SendMessageBatchRequestEntry[] = chunk.map(
      ({ record, id }) => ({
        Id: id,
        MessageBody: JSON.stringify(toQuarantineMessage(record, now)),
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: record.reason },
        },
      })
    );
    try {
      const response = await this.#client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#queueUrl,
          Entries: entries,
        })
      );
      return (response.Failed ?? []).flatMap((failure) =>
        failure.Id ? [failure.Id] : []
      );
    } catch {
      return chunk.map(({ id }) => id);
    }
  }
}
