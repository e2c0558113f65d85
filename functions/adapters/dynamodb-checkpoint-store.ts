/**
 * @module Checkpoints in DynamoDB: one item per user, versioned, with TTL.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import pRetry from 'p-retry';
import type { StoredCheckpoint } from '#core/checkpoint.ts';
import { CheckpointCache } from '#core/checkpoint-cache.ts';
import { chunksOf } from '#core/chunks.ts';
import { TriplineError } from '#core/errors.ts';
import type {
  CheckpointStore,
  CheckpointWrite,
  SaveOutcome,
} from '#core/ports.ts';

/** BatchGetItem takes at most 100 keys a call. */
const BATCH_GET_LIMIT = 100;

/** Settings of the DynamoDB store. */
export type DynamoDbStoreOptions = {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The table's TTL attribute (epoch seconds). */
  readonly ttlAttribute: string;
  /** Tries for keys DynamoDB leaves unprocessed. */
  readonly retries?: number;
  /** First backoff delay; doubles each try. */
  readonly minBackoffMs?: number;
  /** Decoded checkpoints kept between batches of one container. */
  readonly cache?: CheckpointCache;
};

class UnprocessedKeysError extends TriplineError {
  constructor(count: number) {
    super(`${count} keys left unprocessed by BatchGetItem`);
    this.name = 'UnprocessedKeysError';
  }
}

/** Size of an item as DynamoDB bills it: names plus values, in bytes. */
export const itemSize = (item: Record<string, AttributeValue>): number => {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name);
    if (value.S !== undefined) size += Buffer.byteLength(value.S);
    else if (value.N !== undefined) size += Math.ceil(value.N.length / 2) + 1;
    else if (value.B !== undefined) size += value.B.length;
  }

  return size;
};

/**
 * The production store. An item holds `user_id`, `version`, the TTL
 * attribute and `state`: the checkpoint, compacted and compressed.
 */
export class DynamoDbCheckpointStore implements CheckpointStore {
  readonly #options: Required<DynamoDbStoreOptions>;

  constructor(options: DynamoDbStoreOptions) {
    this.#options = {
      retries: 6,
      minBackoffMs: 25,
      cache: new CheckpointCache(),
      ...options,
    };
  }

  async load(
    userIds: readonly string[]
  ): Promise<Map<string, StoredCheckpoint>> {
    const found = new Map<string, StoredCheckpoint>();
    await Promise.all(
      chunksOf(userIds, BATCH_GET_LIMIT).map((chunk) =>
        this.#loadChunk(chunk, found)
      )
    );

    return found;
  }

  async #loadChunk(
    userIds: readonly string[],
    found: Map<string, StoredCheckpoint>
  ): Promise<void> {
    const { client, tableName, ttlAttribute } = this.#options;
    let keys: Record<string, AttributeValue>[] = userIds.map((id) => ({
      user_id: { S: id },
    }));

    await pRetry(
      async () => {
        const response = await client.send(
          new BatchGetItemCommand({
            RequestItems: {
              [tableName]: { Keys: keys, ConsistentRead: true },
            },
          })
        );
        for (const item of response.Responses?.[tableName] ?? []) {
          const stored = this.#fromItem(item, ttlAttribute);
          found.set(stored.checkpoint.user_id, stored);
        }
        keys = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
        if (keys.length > 0) throw new UnprocessedKeysError(keys.length);
      },
      {
        retries: this.#options.retries,
        minTimeout: this.#options.minBackoffMs,
        factor: 2,
        randomize: true,
      }
    );
  }

  #fromItem(
    item: Record<string, AttributeValue>,
    ttlAttribute: string
  ): StoredCheckpoint {
    const userId = item.user_id?.S;
    const state = item.state?.B;
    if (!userId || !state) {
      throw new TriplineError(
        `checkpoint item ${userId ?? '?'} has no user_id or state attribute`
      );
    }

    return {
      checkpoint: this.#options.cache.decode(userId, state),
      version: Number(item.version?.N ?? 0),
      expiresAt: Number(item[ttlAttribute]?.N ?? 0),
    };
  }

  async save(write: CheckpointWrite): Promise<SaveOutcome> {
    const { client, tableName, ttlAttribute } = this.#options;
    const item: Record<string, AttributeValue> = {
      user_id: { S: write.checkpoint.user_id },
      version: { N: String(write.expectedVersion + 1) },
      [ttlAttribute]: { N: String(write.expiresAt) },
      state: { B: this.#options.cache.encode(write.checkpoint) },
    };
    const firstWrite = write.expectedVersion === 0;
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: firstWrite
            ? 'attribute_not_exists(user_id)'
            : 'version = :expected',
          ...(firstWrite
            ? {}
            : {
                ExpressionAttributeValues: {
                  ':expected': { N: String(write.expectedVersion) },
                },
              }),
        })
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return { status: 'conflict' };
      }
      throw error;
    }

    return { status: 'saved', bytes: itemSize(item) };
  }
}
