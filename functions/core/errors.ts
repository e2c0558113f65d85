/**
 * @module Errors raised by the Tripline core.
 */

/** Base class of every error the core raises. */
export class TriplineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TriplineError';
  }
}

/** A configuration value is missing or breaks its rule. */
export class ConfigError extends TriplineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** A filter file does not compile. */
export class FilterCompileError extends TriplineError {
  readonly trigger: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(
    details: { trigger: string; file: string; line: number; column: number },
    message: string,
    options?: ErrorOptions
  ) {
    super(
      `${details.file}:${details.line}:${details.column}: ${message}`,
      options
    );
    this.name = 'FilterCompileError';
    this.trigger = details.trigger;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
  }
}

/** A checkpoint item could not be decoded. */
export class CheckpointCodecError extends TriplineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CheckpointCodecError';
  }
}

/**
 * Formats an error and its `cause` chain as one line, for logs and the CLI.
 */
export const describeError = (error: unknown): string => {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }

  return parts.join(' <- ');
};
