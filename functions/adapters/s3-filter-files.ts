/**
 * @module Filter files under an S3 prefix, for the reloading trigger set.
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type {
  FilterFileContent,
  FilterFileEntry,
  FilterFiles,
} from '#core/filter-files.ts';
import { FILTER_EXTENSION } from './folder-filter-files.ts';

/** A bucket and a key prefix (empty, or ending in `/`). */
export type S3Location = {
  readonly bucket: string;
  readonly prefix: string;
};

const S3_URL = /^s3:\/\/([^/]+)\/?(.*)$/;

/**
 * Parses `s3://bucket/prefix/`; returns undefined for anything else (a
 * local folder). The prefix is given a trailing `/` when it lacks one.
 *
 * @example
 * ```ts
 * parseS3Location('s3://tripline-filters/live'); // { bucket: 'tripline-filters', prefix: 'live/' }
 * ```
 */
export const parseS3Location = (location: string): S3Location | undefined => {
  const match = S3_URL.exec(location);
  if (!match?.[1]) return undefined;
  const prefix = match[2] ?? '';

  return {
    bucket: match[1],
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
  };
};

/** Settings of {@link S3FilterFiles}. */
export type S3FilterFilesOptions = S3Location & {
  readonly client: S3Client;
};

/**
 * The `*.jsonata` objects directly under a prefix (not in deeper
 * "folders"). Listing is one ListObjectsV2 call per 1,000 keys and tags
 * each file with its ETag, so an unchanged set is never downloaded.
 */
export class S3FilterFiles implements FilterFiles {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3FilterFilesOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = options.prefix;
  }

  async list(): Promise<FilterFileEntry[]> {
    const entries: FilterFileEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: this.#prefix,
          Delimiter: '/',
          ContinuationToken: token,
        })
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key ?? '';
        if (!key.endsWith(FILTER_EXTENSION)) continue;
        entries.push({
          name: key.slice(this.#prefix.length, -FILTER_EXTENSION.length),
          file: this.#url(key),
          version: object.ETag ?? '',
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);

    return entries.sort((a, b) => a.name.localeCompare(b.name));
  }

  async read(entry: FilterFileEntry): Promise<FilterFileContent> {
    const object = await this.#client.send(
      new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(entry) })
    );

    return {
      source: (await object.Body?.transformToString('utf-8')) ?? '',
      version: object.ETag ?? entry.version,
    };
  }

  async *previousVersions(
    entry: FilterFileEntry
  ): AsyncIterable<FilterFileContent> {
    const key = this.#key(entry);
    const listing = await this.#client.send(
      new ListObjectVersionsCommand({ Bucket: this.#bucket, Prefix: key })
    );
    const older = (listing.Versions ?? [])
      .filter((version) => version.Key === key && !version.IsLatest)
      .sort(
        (a, b) =>
          (b.LastModified?.getTime() ?? 0) - (a.LastModified?.getTime() ?? 0)
      );
    for (const version of older) {
      const object = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          VersionId: version.VersionId,
        })
      );
      yield {
        source: (await object.Body?.transformToString('utf-8')) ?? '',
        version: object.ETag ?? '',
        file: `${this.#url(key)}?versionId=${version.VersionId}`,
      };
    }
  }

  #key(entry: FilterFileEntry): string {
    return `${this.#prefix}${entry.name}${FILTER_EXTENSION}`;
  }

  #url(key: string): string {
    return `s3://${this.#bucket}/${key}`;
  }
}
