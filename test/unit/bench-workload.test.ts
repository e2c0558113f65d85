import { describe, expect, it } from 'vitest';
import { randomUuid, seededRandom, zipfSampler } from '#bench/random.ts';
import {
  generateWorkload,
  partitionOf,
  REFERENCE_WORKLOAD,
} from '#bench/workload.ts';

const draw = (sample: () => number, count: number): number[] => {
  const counts: number[] = [];
  for (let index = 0; index < count; index++) {
    const rank = sample();
    counts[rank] = (counts[rank] ?? 0) + 1;
  }

  return counts;
};

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    // Prepare
    const first = seededRandom(42);
    const again = seededRandom(42);
    const other = seededRandom(43);

    // Act
    const a = Array.from({ length: 5 }, first);
    const b = Array.from({ length: 5 }, again);
    const c = Array.from({ length: 5 }, other);

    // Assess
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const value of a) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('draws version-4 UUIDs', () => {
    const uuid = randomUuid(seededRandom(1));

    expect(uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    );
  });
});

describe('zipfSampler', () => {
  it('draws rank k about 1/(k+1) as often as rank 0', () => {
    // Prepare
    const sampler = zipfSampler(1000, 1, seededRandom(7));
    const draws = 200_000;

    // Act
    const counts = draw(sampler.sample, draws);

    // Assess
    for (const rank of [0, 1, 9]) {
      const expected = sampler.probability(rank) * draws;
      const observed = counts[rank] ?? 0;
      expect(Math.abs(observed - expected) / expected).toBeLessThan(0.05);
    }
    expect(counts.length).toBeLessThanOrEqual(1000);
  });

  it('gives rank 0 about 10% of draws over 10,000 ranks', () => {
    const sampler = zipfSampler(10_000, 1, seededRandom(1));

    expect(sampler.probability(0)).toBeCloseTo(1 / 9.7876, 4);
    expect(sampler.probability(0) / sampler.probability(1)).toBeCloseTo(2, 9);
  });

  it('is uniform with exponent 0', () => {
    const sampler = zipfSampler(4, 0, seededRandom(3));

    const counts = draw(sampler.sample, 40_000);

    for (const count of counts) {
      expect(Math.abs((count ?? 0) - 10_000)).toBeLessThan(500);
    }
  });

  it('rejects an empty range', () => {
    expect(() => zipfSampler(0, 1, seededRandom(1))).toThrow(RangeError);
  });
});

describe('generateWorkload', () => {
  it('generates the same valid, about-1 KB events for the same seed', () => {
    // Act
    const first = generateWorkload(500);
    const again = generateWorkload(500);

    // Assess
    expect(first.events).toEqual(again.events);
    expect(first.meanEventBytes).toBeGreaterThan(800);
    expect(first.meanEventBytes).toBeLessThan(1200);
    for (const event of first.events) {
      expect(event.event_id).toHaveLength(36);
      expect(event.user_id).toMatch(/^user_\d{5}$/);
    }
  });

  it('keys records by user and counts offsets up per partition', () => {
    const { records, events } = generateWorkload(400);

    const next = new Map<number, number>();
    records.forEach((record, index) => {
      const userId = events[index]?.user_id ?? '';
      expect(record.partition).toBe(
        partitionOf(userId, REFERENCE_WORKLOAD.partitions)
      );
      expect(record.offset).toBe(next.get(record.partition) ?? 0);
      next.set(record.partition, record.offset + 1);
    });
    expect(next.size).toBe(REFERENCE_WORKLOAD.partitions);
  });
});
