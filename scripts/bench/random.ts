/**
 * @module Seeded randomness for the bench workload: a small PRNG and a
 * Zipf sampler, so every run generates the same events.
 */

/** A source of floats in [0, 1). */
export type Random = () => number;

/**
 * A seeded PRNG (mulberry32: 32-bit state, period 2^32). Plenty for a
 * workload generator, and the same sequence on every machine.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // always the same first value for seed 42
 * ```
 */
export const seededRandom = (seed: number): Random => {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** An integer in [0, bound). */
export const randomInt = (random: Random, bound: number): number =>
  Math.floor(random() * bound);

/** One item of a non-empty list, uniformly. */
export const pickOne = <T>(random: Random, items: readonly T[]): T => {
  const item = items[randomInt(random, items.length)];
  if (item === undefined)
    throw new RangeError('pickOne needs a non-empty list');

  return item;
};

/** A version-4 UUID drawn from `random`: 122 random bits, like a tracker's. */
export const randomUuid = (random: Random): string => {
  const hex = (digits: number) => {
    let out = '';
    for (let index = 0; index < digits; index++) {
      out += randomInt(random, 16).toString(16);
    }
    return out;
  };
  const variant = (8 + randomInt(random, 4)).toString(16);

  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
};

/** Draws ranks 0..n-1 with P(rank k) proportional to 1/(k+1)^exponent. */
export type ZipfSampler = {
  readonly size: number;
  /** Probability of `rank` (0-based). */
  probability(rank: number): number;
  /** A 0-based rank: 0 is the most frequent. */
  sample(): number;
};

/**
 * A Zipf sampler over `size` ranks, exact by inversion of the cumulative
 * weights (binary search): O(size) memory, O(log size) a draw.
 *
 * @example
 * ```ts
 * const users = zipfSampler(10_000, 1, seededRandom(7));
 * users.sample(); // 0 about 10% of the time for 10,000 ranks
 * ```
 */
export const zipfSampler = (
  size: number,
  exponent: number,
  random: Random
): ZipfSampler => {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`size must be a positive integer, got ${size}`);
  }
  if (!(exponent >= 0)) {
    throw new RangeError(`exponent must be >= 0, got ${exponent}`);
  }
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank++) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }

  return {
    size,
    probability: (rank) =>
      rank >= 0 && rank < size ? 1 / (rank + 1) ** exponent / total : 0,
    sample: () => {
      const target = random() * total;
      let low = 0;
      let high = size - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((cumulative[middle] ?? total) <= target) low = middle + 1;
        else high = middle;
      }
      return low;
    },
  };
};
