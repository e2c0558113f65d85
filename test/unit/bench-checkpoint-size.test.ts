import { brotliCompressSync } from 'node:zlib';
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

  it('still decode from an item written in format 1', () => {
    // Prepare: format 1 is a format byte and brotli of the columns.
    const checkpoint = heavyUserCheckpoint(3);
    let previous = 0;
    const columns = {
      u: checkpoint.user_id,
      p: checkpoint.profile,
      v: checkpoint.visit,
      l: checkpoint.last_activity,
      c: checkpoint.created_at,
      o: checkpoint.offsets,
      hi: checkpoint.history.map((entry) => entry.event_id),
      hn: checkpoint.history.map((entry) => entry.event_name ?? null),
      ht: checkpoint.history.map((entry) => entry.event_type),
      hs: checkpoint.history.map((entry) => {
        const delta = entry.timestamp - previous;
        previous = entry.timestamp;
        return delta;
      }),
      hp: checkpoint.history.map((entry) => entry.parameters ?? null),
    };
    const body = brotliCompressSync(JSON.stringify(columns));
    const v1 = new Uint8Array([1, ...body]);

    // Act
    const decoded = decodeCheckpoint(v1);

    // Assess
    expect(decoded).toEqual(checkpoint);
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
