/**
 * @module Argument parsers and the error guard of the local loop's
 * commands.
 */
import { InvalidArgumentError } from 'commander';
import { describeError } from '#core/errors.ts';

/** A parser for an integer of at least `min`. */
export const integerAtLeast =
  (min: number) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`expected an integer of at least ${min}`);
    }

    return parsed;
  };

/** A parser for a share from 0 to 1. */
export const fraction = (value: string): number => {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 1)) {
    throw new InvalidArgumentError('expected a number from 0 to 1');
  }

  return parsed;
};

/** Runs a command body; prints the error and sets exit code 1 on failure. */
export const guarded =
  <A extends unknown[]>(body: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await body(...args);
    } catch (error) {
      console.error(`error: ${describeError(error)}`);
      process.exitCode = 1;
    }
  };

/** Resolves on SIGINT or SIGTERM: a foreground server's lifetime. */
export const untilSignal = (): Promise<void> =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
