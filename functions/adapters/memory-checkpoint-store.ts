/**
 * @module A checkpoint store in memory: the CLI replay, filter tests, benches.
 */
import type { StoredCheckpoint } from '#core/checkpoint.ts';
import { CheckpointCache } from '#core/checkpoint-cache.ts';
import type {
  CheckpointStore,
  CheckpointWrite,
  SaveOutcome,
} from '#core/ports.ts';

type Item = { bytes: Uint8Array; version: number; expiresAt: number };

/**
 * Keeps each checkpoint encoded, exactly as DynamoDB would, so replays
 * exercise the codec and report real item sizes. Expired items stay until
 * overwritten: like DynamoDB, expiry is the core's call, not the store's.
 */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly #items = new Map<string, Item>();
  readonly #cache: CheckpointCache;

  /** @param cache Decoded checkpoints reused between loads, as in Lambda. */
  constructor(cache = new CheckpointCache()) {
    this.#cache = cache;
  }

  async load(
    userIds: readonly string[]
  ): Promise<Map<string, StoredCheckpoint>> {
    const found = new Map<string, StoredCheckpoint>();
    for (const userId of userIds) {
      const item = this.#items.get(userId);
      if (!item) continue;
      found.set(userId, {
        checkpoint: this.#cache.decode(userId, item.bytes),
        version: item.version,
        expiresAt: item.expiresAt,
      });
    }

    return found;
  }

  async save(write: CheckpointWrite): Promise<SaveOutcome> {
    const userId = write.checkpoint.user_id;
    const current = this.#items.get(userId)?.version ?? 0;
    if (current !== write.expectedVersion) return { status: 'conflict' };

    const bytes = this.#cache.encode(write.checkpoint);
    this.#items.set(userId, {
      bytes,
      version: current + 1,
      expiresAt: write.expiresAt,
    });

    return { status: 'saved', bytes: bytes.length };
  }

  /** Number of users with a stored checkpoint. */
  get size(): number {
    return this.#items.size;
  }
}
