import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodedRecord } from '#core/decode.ts';
import { groupByUser } from '#core/order.ts';

const decoded = (
  user: string,
  partition: number,
  offset: number,
  timestamp: number
): DecodedRecord => ({
  ok: true,
  topic: 't',
  partition,
  offset,
  event: {
    event_id: `${partition}:${offset}`,
    user_id: user,
    event_type: 'x',
    timestamp,
  },
});

const batch = fc
  .array(
    fc.record({
      user: fc.constantFrom('a', 'b', 'c'),
      partition: fc.integer({ min: 0, max: 2 }),
      timestamp: fc.integer({ min: 0, max: 50 }),
    }),
    { maxLength: 80 }
  )
  .map((items) => {
    const next = [0, 0, 0];
    return items.map((item) => {
      const offset = next[item.partition] ?? 0;
      next[item.partition] = offset + 1;
      return decoded(item.user, item.partition, offset, item.timestamp);
    });
  });

describe('groupByUser', () => {
  it('puts every record in its user group exactly once', () => {
    fc.assert(
      fc.property(batch, (records) => {
        const groups = groupByUser(records);
        const all = [...groups.values()].flat();
        expect(all).toHaveLength(records.length);
        for (const [user, group] of groups) {
          expect(group.every((record) => record.event.user_id === user)).toBe(
            true
          );
        }
      })
    );
  });

  it('keeps Kafka order within each partition', () => {
    fc.assert(
      fc.property(batch, (records) => {
        for (const group of groupByUser(records).values()) {
          for (let partition = 0; partition < 3; partition++) {
            const offsets = group
              .filter((record) => record.partition === partition)
              .map((record) => record.offset);
            expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
          }
        }
      })
    );
  });

  it('orders partitions by timestamp, then partition, when each is in time order', () => {
    const records = [
      decoded('a', 1, 0, 10),
      decoded('a', 0, 0, 20),
      decoded('a', 1, 1, 20),
      decoded('a', 0, 1, 30),
    ];
    const order = groupByUser(records)
      .get('a')
      ?.map((r) => r.event.event_id);
    expect(order).toEqual(['1:0', '0:0', '1:1', '0:1']);
  });
});
