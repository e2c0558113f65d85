import { describe, expect, it } from 'vitest';
import { benchEnrichment } from '#bench/profiles.ts';
import { generateWorkload } from '#bench/workload.ts';
import { checkpointItem, measureSizes } from '#bench/write-size.ts';
import {
  applyEvent,
  type Checkpoint,
  newCheckpoint,
} from '#core/checkpoint.ts';
import { decodeCheckpoint, encodeCheckpoint } from '#core/checkpoint-codec.ts';

const { events } = generateWorkload(3000);

const heavyUserCheckpoint = (length: number): Checkpoint => {
  const own = events.filter((event) => event.user_id === 'user_00001');
  let checkpoint = newCheckpoint(
    'user_00001',
    benchEnrichment('user_00001'),
    own[0]?.timestamp ?? 0
  );
  own.slice(0, length).forEach((event, offset) => {
    checkpoint = applyEvent(
      checkpoint,
      event,
      { topic: 'user-tracking-events', partition: 2, offset },
      100
    );
  });

  return checkpoint;
};

describe('checkpoints of the bench workload', () => {
  it('survive the codec with their UUID event ids packed', () => {
    // Prepare
    const checkpoint = heavyUserCheckpoint(50);

    // Act
    const bytes = encodeCheckpoint(checkpoint);

    // Assess
    expect(bytes[0]).toBe(2);
    expect(decodeCheckpoint(bytes)).toEqual(checkpoint);
  });

  it('keep format 1 when an event id is not a UUID, and decode it', () => {
    // Prepare
    const checkpoint = heavyUserCheckpoint(3);
    const [first, ...rest] = checkpoint.history;
    const mixed = {
      ...checkpoint,
      history: first ? [{ ...first, event_id: 'evt-001' }, ...rest] : rest,
    };

    // Act
    const bytes = encodeCheckpoint(mixed);

    // Assess
    expect(bytes[0]).toBe(1);
    expect(decodeCheckpoint(bytes)).toEqual(mixed);
  });

  it('grow with history and are billed by the started KB', () => {
    const { sizes } = measureSizes(events, 5);

    const bytes = sizes.map((size) => size.bytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    for (const size of sizes) {
      expect(size.wru).toBe(Math.ceil(size.bytes / 1024));
      expect(size.naiveBytes).toBeGreaterThan(size.bytes);
    }
    expect(checkpointItem(heavyUserCheckpoint(1)).user_id).toEqual({
      S: 'user_00001',
    });
  });
});
