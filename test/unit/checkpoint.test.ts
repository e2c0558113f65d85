import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  type Checkpoint,
  emptyEnrichment,
  hasApplied,
  newCheckpoint,
  toHistoryEntry,
} from '#core/checkpoint.ts';
import { decodeCheckpoint, encodeCheckpoint } from '#core/checkpoint-codec.ts';
import type { UserEvent } from '#core/event.ts';

const event = (n: number, name = 'page_view'): UserEvent => ({
  event_id: `e-${n}`,
  user_id: 'u1',
  event_type: 'pageview',
  event_name: name,
  timestamp: 1_700_000_000_000 + n * 1000,
  parameters: { utm_source: 'google', custom_params: { page: `/p/${n}` } },
});

const steps = fc.array(
  fc.record({
    name: fc.constantFrom('page_view', 'click', 'purchase'),
    partition: fc.integer({ min: 0, max: 3 }),
  }),
  { maxLength: 60 }
);

const replay = (
  input: { name: string; partition: number }[],
  cap: number
): { start: Checkpoint; end: Checkpoint } => {
  const start = newCheckpoint('u1', emptyEnrichment(), 0);
  let end = start;
  const offsets = [0, 0, 0, 0];
  input.forEach((step, n) => {
    const offset = (offsets[step.partition] ?? 0) + 1;
    offsets[step.partition] = offset;
    end = applyEvent(
      end,
      event(n, step.name),
      { topic: 't', partition: step.partition, offset },
      cap
    );
  });
  return { start, end };
};

describe('history detail', () => {
  it('keeps what each level promises of an event', () => {
    const full = toHistoryEntry(event(1));
    const utm = toHistoryEntry(event(1), 'utm');
    const minimal = toHistoryEntry(event(1), 'minimal');

    expect(full).toEqual({
      event_id: 'e-1',
      event_name: 'page_view',
      event_type: 'pageview',
      timestamp: event(1).timestamp,
      parameters: event(1).parameters,
    });
    expect(utm).toEqual({ ...full, parameters: { utm_source: 'google' } });
    expect(minimal).toEqual({
      event_id: '',
      event_name: 'page_view',
      event_type: 'pageview',
      timestamp: event(1).timestamp,
    });
  });

  it('makes a 50-event minimal checkpoint fit one write unit', () => {
    let checkpoint = newCheckpoint('u1', emptyEnrichment(), 0);
    for (let n = 0; n < 50; n++) {
      checkpoint = applyEvent(
        checkpoint,
        event(n, n % 3 === 0 ? 'click' : 'page_view'),
        { topic: 't', partition: 0, offset: n },
        100,
        'minimal'
      );
    }
    expect(encodeCheckpoint(checkpoint).length).toBeLessThan(900);
  });
});

describe('checkpoint reducer', () => {
  it('keeps the last min(cap, n) events in order, ending with the current one', () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 20 }), (input, cap) => {
        const { end } = replay(input, cap);
        expect(end.history).toHaveLength(Math.min(cap, input.length));
        const expectedIds = input.map((_, n) => `e-${n}`).slice(-cap);
        expect(end.history.map((entry) => entry.event_id)).toEqual(
          input.length === 0 ? [] : expectedIds
        );
      })
    );
  });

  it('counts every applied event in the visit and leaves the input unchanged', () => {
    fc.assert(
      fc.property(steps, (input) => {
        const { start, end } = replay(input, 100);
        expect(end.visit.actions ?? 0).toBe(input.length);
        expect(start.history).toEqual([]);
        expect(start.visit).toEqual({});
      })
    );
  });

  it('marks each applied record as applied, and no later one', () => {
    fc.assert(
      fc.property(steps, (input) => {
        const { end } = replay(input, 100);
        for (let partition = 0; partition < 4; partition++) {
          const count = input.filter(
            (step) => step.partition === partition
          ).length;
          const position = { topic: 't', partition, offset: count };
          expect(hasApplied(end, position)).toBe(count > 0);
          expect(hasApplied(end, { ...position, offset: count + 1 })).toBe(
            false
          );
        }
      })
    );
  });

  it('moves last activity to the latest event time', () => {
    fc.assert(
      fc.property(
        steps.filter((input) => input.length > 0),
        (input) => {
          const { end } = replay(input, 100);
          expect(end.last_activity).toBe(event(input.length - 1).timestamp);
        }
      )
    );
  });

  it('encodes and decodes any checkpoint to an equal one', () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 100 }), (input, cap) => {
        const { end } = replay(input, cap);
        expect(decodeCheckpoint(encodeCheckpoint(end))).toEqual(end);
      })
    );
  });

  it('stores a 100-event checkpoint far below the 400 KB item limit', () => {
    const input = Array.from({ length: 100 }, () => ({
      name: 'page_view',
      partition: 0,
    }));
    const { end } = replay(input, 100);
    expect(encodeCheckpoint(end).length).toBeLessThan(40 * 1024);
  });
});
