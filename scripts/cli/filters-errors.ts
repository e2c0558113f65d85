/**
 * @module Errors of the `tripline filters` commands.
 */
import { TriplineError } from '#core/errors.ts';

/** Where a problem is: 1-based line and column in a file. */
export type FilePosition = {
  readonly file: string;
  readonly line: number;
  readonly column: number;
};

/** A test-case file is not valid YAML/JSON or breaks the case format. */
export class CaseFileError extends TriplineError {
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(at: FilePosition, message: string, options?: ErrorOptions) {
    super(`${at.file}:${at.line}:${at.column}: ${message}`, options);
    this.name = 'CaseFileError';
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
  }
}

/** `filters push` cannot go on: no bucket, versioning off, checks failed. */
export class FilterPushError extends TriplineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FilterPushError';
  }
}
