/**
 * @module Where filter files live, as the reloading trigger set sees
 * them: a listing with a version tag per file, and reads.
 */
import { TriplineError } from './errors.ts';

/** A filter file as listed: its trigger and a tag of its content. */
export type FilterFileEntry = {
  /** Trigger name: the file name without `.jsonata`. */
  readonly name: string;
  /** Where it lives, for messages: a path or `s3://bucket/key`. */
  readonly file: string;
  /** Changes whenever the content may have: an ETag, or mtime and size. */
  readonly version: string;
};

/** A filter file's text and the version it was read at. */
export type FilterFileContent = {
  readonly source: string;
  readonly version: string;
  /** Where this text came from, when it differs from the entry's file. */
  readonly file?: string;
};

/** Where filter files live: an S3 prefix or a local folder. */
export interface FilterFiles {
  /** Lists the filter files without their content: one cheap call. */
  list(): Promise<FilterFileEntry[]>;
  /** Reads one listed file. */
  read(entry: FilterFileEntry): Promise<FilterFileContent>;
  /**
   * Older versions of a file, newest first, when the store keeps them
   * (S3 with versioning). Used only when a file's newest version does not
   * compile and no good version of it is running yet.
   */
  previousVersions?(entry: FilterFileEntry): AsyncIterable<FilterFileContent>;
}

/** The first listing of the filter files failed: no trigger is known. */
export class FilterListError extends TriplineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FilterListError';
  }
}
