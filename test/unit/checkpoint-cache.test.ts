import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  emptyEnrichment,
  newCheckpoint,
} from '#core/checkpoint.ts';
import { CheckpointCache } from '#core/checkpoint-cache.ts';
import { encodeCheckpoint } from '#core/checkpoint-codec.ts';

const checkpointOf = (userId: string, events: number) => {
  let checkpoint = newCheckpoint(userId, emptyEnrichment(), 0);
  for (let n = 1; n <= events; n++) {
    checkpoint = applyEvent(
      checkpoint,
      { event_id: `e${n}`, user_id: userId, event_type: 'x', timestamp: n },
      { topic: 't', partition: 0, offset: n },
      100
    );
  }
  return checkpoint;
};

describe('CheckpointCache', () => {
  it('returns the checkpoint it encoded when the same bytes come back', () => {
    const cache = new CheckpointCache();
    const written = checkpointOf('u1', 3);
    const bytes = cache.encode(written);

    const loaded = cache.decode('u1', Buffer.from(bytes));

    expect(loaded).toBe(written);
  });

  it('decodes afresh when the stored bytes differ from the cached ones', () => {
    const cache = new CheckpointCache();
    cache.encode(checkpointOf('u1', 3));
    const other = checkpointOf('u1', 5);

    const loaded = cache.decode('u1', encodeCheckpoint(other));

    expect(loaded).not.toBe(other);
    expect(loaded).toEqual(other);
    expect(cache.decode('u1', encodeCheckpoint(other))).toBe(loaded);
  });

  it('forgets the least recently used users past its byte budget', () => {
    const first = checkpointOf('a', 1);
    const one = encodeCheckpoint(first).length;
    const cache = new CheckpointCache(one * 2);
    const bytes = cache.encode(first);
    const second = checkpointOf('b', 1);
    const secondBytes = cache.encode(second);
    cache.decode('a', bytes);
    cache.encode(checkpointOf('c', 1));

    expect(cache.size).toBe(2);
    expect(cache.encodedBytes).toBeLessThanOrEqual(one * 2);
    expect(cache.decode('a', bytes)).toBe(first);
    expect(cache.decode('b', secondBytes)).not.toBe(second);
  });

  it('keeps the newest entry even when it alone passes the budget', () => {
    const cache = new CheckpointCache(1);
    const big = checkpointOf('big', 5);
    const bytes = cache.encode(big);

    expect(cache.size).toBe(1);
    expect(cache.decode('big', bytes)).toBe(big);
  });
});
