/**
 * @module Splitting a list into the slices a batch API takes.
 */

/** Splits `items` into consecutive slices of at most `size`. */
export const chunksOf = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }

  return chunks;
};
