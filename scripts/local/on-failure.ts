/**
 * @module The poller's on-failure destination: where records go once
 * retries are exhausted or they are too old, as Lambda's event source
 * mapping does with its `DestinationConfig.OnFailure`.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type MskRecord, partitionKey } from '#core/msk.ts';

/** Why records were given up on; the names are Lambda's. */
export const FailureCondition = {
  RETRIES_EXHAUSTED: 'RetryAttemptsExhausted',
  RECORD_AGE_EXCEEDED: 'RecordAgeExceeded',
} as const;

/** One of {@link FailureCondition}. */
export type FailureConditionName =
  (typeof FailureCondition)[keyof typeof FailureCondition];

/** Records given up on, with why and after how many invocations. */
export type FailedRecords = {
  readonly condition: FailureConditionName;
  readonly records: readonly MskRecord[];
  readonly invocations: number;
  readonly bootstrapServers: string;
  /** The last error the function threw, when it threw. */
  readonly functionError?: string | undefined;
};

/** Where given-up records are kept. */
export interface OnFailureDestination {
  /** Shown in logs and `tripline local status`. */
  readonly description: string;
  send(failed: FailedRecords): Promise<void>;
}

/** The invocation record Lambda sends to an SQS on-failure destination. */
export type OnFailureRecord = {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: FailureConditionName;
    approximateInvokeCount: number;
  };
  responseContext: {
    statusCode: number;
    executedVersion: string;
    functionError?: string;
  };
  version: '1.0';
  timestamp: string;
  KafkaBatchInfo: {
    batchSize: number;
    bootstrapServers: string;
    payloadSize: number;
    recordsInfo: Record<
      string,
      {
        firstRecordOffset: string;
        firstRecordTimestamp: string;
        lastRecordOffset: string;
        lastRecordTimestamp: string;
      }
    >;
  };
};

/** The function the local loop pretends to be. */
const LOCAL_FUNCTION_ARN =
  'arn:aws:lambda:us-east-1:000000000000:function:tripline-local-poller';

/**
 * Builds the metadata-only record Lambda sends to SQS and SNS
 * destinations: the batch's position per partition, not its payload.
 */
export const toOnFailureRecord = (
  failed: FailedRecords,
  now: Date
): OnFailureRecord => {
  const recordsInfo: OnFailureRecord['KafkaBatchInfo']['recordsInfo'] = {};
  for (const record of failed.records) {
    const key = partitionKey(record.topic, record.partition);
    const stamp = new Date(record.timestamp).toISOString();
    const info = recordsInfo[key];
    recordsInfo[key] = {
      firstRecordOffset: info?.firstRecordOffset ?? String(record.offset),
      firstRecordTimestamp: info?.firstRecordTimestamp ?? stamp,
      lastRecordOffset: String(record.offset),
      lastRecordTimestamp: stamp,
    };
  }

  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: LOCAL_FUNCTION_ARN,
      condition: failed.condition,
      approximateInvokeCount: failed.invocations,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(failed.functionError ? { functionError: 'Unhandled' } : {}),
    },
    version: '1.0',
    timestamp: now.toISOString(),
    KafkaBatchInfo: {
      batchSize: failed.records.length,
      bootstrapServers: failed.bootstrapServers,
      payloadSize: Buffer.byteLength(JSON.stringify(failed.records)),
      recordsInfo,
    },
  };
};

/** Sends the invocation record to an SQS queue (the quarantine queue). */
export class SqsOnFailureDestination implements OnFailureDestination {
  readonly description: string;
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(options: { client: SQSClient; queueUrl: string }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.description = `sqs ${options.queueUrl}`;
  }

  async send(failed: FailedRecords): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(toOnFailureRecord(failed, new Date())),
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: failed.condition },
        },
      })
    );
  }
}

/**
 * Appends one JSON line per failure to a file: the invocation record plus
 * the records themselves, as Lambda's S3 destination keeps the payload.
 */
export class FileOnFailureDestination implements OnFailureDestination {
  readonly description: string;
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
    this.description = `file ${path}`;
  }

  async send(failed: FailedRecords): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    const line = {
      ...toOnFailureRecord(failed, new Date()),
      payload: failed.records,
    };
    await appendFile(this.#path, `${JSON.stringify(line)}\n`);
  }
}
