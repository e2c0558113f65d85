import { describe, expect, it } from 'vitest';
import { DynamoDbCheckpointStore } from '#adapters/dynamodb-checkpoint-store.ts';
import { countRequests } from '#adapters/request-counter.ts';
import { emptyEnrichment, newCheckpoint } from '#core/checkpoint.ts';
import { createTestResources } from '#local/emulator-resources.ts';

describe('DynamoDB checkpoint store on MiniStack', () => {
  it('loads 250 users in three BatchGetItem calls', async () => {
    // Prepare
    const { clients, config } = await createTestResources();
    const store = new DynamoDbCheckpointStore({
      client: clients.dynamodb,
      tableName: config.tableName,
      ttlAttribute: 'expires_at',
    });
    const ids = Array.from({ length: 250 }, (_, n) => `user-${n}`);
    await Promise.all(
      ids.map((id) =>
        store.save({
          checkpoint: newCheckpoint(id, emptyEnrichment(), 1),
          expectedVersion: 0,
          expiresAt: 2_000_000_000,
        })
      )
    );
    const counts = countRequests(clients.dynamodb);

    // Act
    const loaded = await store.load([...ids, 'nobody']);

    // Assess
    expect(loaded.size).toBe(250);
    expect(loaded.get('user-7')).toMatchObject({
      version: 1,
      expiresAt: 2_000_000_000,
    });
    expect(counts).toEqual({ BatchGetItemCommand: 3 });
  });

  it('refuses a write made from a stale version', async () => {
    // Prepare
    const { clients, config } = await createTestResources();
    const store = new DynamoDbCheckpointStore({
      client: clients.dynamodb,
      tableName: config.tableName,
      ttlAttribute: 'expires_at',
    });
    const write = {
      checkpoint: newCheckpoint('racer', emptyEnrichment(), 1),
      expectedVersion: 0,
      expiresAt: 2_000_000_000,
    };

    // Act
    const first = await store.save(write);
    const stale = await store.save(write);
    const next = await store.save({ ...write, expectedVersion: 1 });

    // Assess
    expect(first).toMatchObject({ status: 'saved', bytes: expect.any(Number) });
    expect(stale).toEqual({ status: 'conflict' });
    expect(next.status).toBe('saved');
    expect((await store.load(['racer'])).get('racer')?.version).toBe(2);
  });
});
