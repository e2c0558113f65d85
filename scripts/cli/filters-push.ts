/**
 * @module Uploading filters to the bucket the function reads: only what
 * changed, with S3 versioning keeping every previous version.
 */
import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { FILTER_EXTENSION } from '#adapters/folder-filter-files.ts';
import {
  parseS3Location,
  S3FilterFiles,
  type S3Location,
} from '#adapters/s3-filter-files.ts';
import type { TriggerSource } from '#core/filters.ts';
import { FilterPushError } from './filters-errors.ts';

/** Object metadata holding the sha256 of a filter's text. */
export const SHA256_METADATA = 'tripline-sha256';

/** Where filters go when neither a flag nor the environment says. */
export const DEFAULT_PREFIX = 'filters/';

/** What happened to one filter in a push. */
export type PushStatus = 'added' | 'changed' | 'unchanged' | 'removed';

/** One filter's change. */
export type PushChange = {
  readonly name: string;
  readonly key: string;
  readonly status: PushStatus;
  /** The version now live (after an upload). */
  readonly versionId?: string | undefined;
  /** The version replaced or removed: restore it from here. */
  readonly previousVersionId?: string | undefined;
};

/** The flags of `filters push` that name the target. */
export type PushTargetFlags = {
  readonly bucket?: string | undefined;
  readonly prefix?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
};

/** Where to push and how to reach it. */
export type PushTarget = S3Location & {
  readonly endpoint: string | undefined;
  readonly region: string | undefined;
};

/**
 * Resolves the target: flags first, then `TRIPLINE_FILTERS_BUCKET` /
 * `TRIPLINE_FILTERS_PREFIX`, then the function's own
 * `TRIPLINE_FILTERS_LOCATION` when it is an `s3://` URL. The endpoint
 * comes from `--endpoint` or `AWS_ENDPOINT_URL`, the region from
 * `--region`, `AWS_REGION` or `AWS_DEFAULT_REGION`.
 */
export const resolvePushTarget = (
  flags: PushTargetFlags,
  env: Readonly<Record<string, string | undefined>>
): PushTarget => {
  const location = parseS3Location(env.TRIPLINE_FILTERS_LOCATION ?? '');
  const bucket =
    flags.bucket ?? env.TRIPLINE_FILTERS_BUCKET ?? location?.bucket;
  if (!bucket) {
    throw new FilterPushError(
      'no bucket to push to: pass --bucket or set TRIPLINE_FILTERS_BUCKET'
    );
  }
  const prefix =
    flags.prefix ??
    env.TRIPLINE_FILTERS_PREFIX ??
    (location?.bucket === bucket ? location.prefix : DEFAULT_PREFIX);

  return {
    bucket,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    endpoint: flags.endpoint ?? env.AWS_ENDPOINT_URL,
    region: flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
  };
};

const md5Etag = (text: string): string =>
  `"${createHash('md5').update(text).digest('hex')}"`;

const sha256 = (text: string): string =>
  createHash('sha256').update(text).digest('hex');

/**
 * Requires versioning on the bucket, so a replaced or removed filter
 * stays recoverable; turns it on when `enable` is set.
 */
export const ensureVersioning = async (
  s3: S3Client,
  bucket: string,
  enable: boolean
): Promise<void> => {
  const state = await s3.send(
    new GetBucketVersioningCommand({ Bucket: bucket })
  );
  if (state.Status === 'Enabled') return;
  if (!enable) {
    throw new FilterPushError(
      `bucket ${bucket} has versioning ${state.Status ?? 'off'}: ` +
        'a push would lose the previous filters; ' +
        'turn it on or pass --enable-versioning'
    );
  }
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: 'Enabled' },
    })
  );
};

/**
 * Compares the local filters with the bucket. A file is unchanged when
 * its MD5 equals the object's ETag (a single-part upload without KMS) or,
 * failing that, its sha256 equals the object's `tripline-sha256`
 * metadata. Objects with no local file are `removed`.
 */
export const planPush = async (
  s3: S3Client,
  target: S3Location,
  sources: readonly TriggerSource[]
): Promise<PushChange[]> => {
  const remote = new Map(
    (await new S3FilterFiles({ client: s3, ...target }).list()).map((e) => [
      e.name,
      e,
    ])
  );
  const keyOf = (name: string) => `${target.prefix}${name}${FILTER_EXTENSION}`;
  const head = (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }));

  const changes = await Promise.all(
    sources.map(async (source): Promise<PushChange> => {
      const key = keyOf(source.name);
      const listed = remote.get(source.name);
      if (!listed) return { name: source.name, key, status: 'added' };
      if (listed.version === md5Etag(source.source)) {
        return { name: source.name, key, status: 'unchanged' };
      }
      const current = await head(key);
      const same =
        current.Metadata?.[SHA256_METADATA] === sha256(source.source);

      return {
        name: source.name,
        key,
        status: same ? 'unchanged' : 'changed',
        previousVersionId: same ? undefined : current.VersionId,
      };
    })
  );
  const local = new Set(sources.map((source) => source.name));
  for (const name of remote.keys()) {
    if (local.has(name)) continue;
    const key = keyOf(name);
    changes.push({
      name,
      key,
      status: 'removed',
      previousVersionId: (await head(key)).VersionId,
    });
  }

  return changes.sort((a, b) => a.name.localeCompare(b.name));
};

/**
 * Applies a plan: uploads added and changed filters (with their sha256
 * as metadata and Content-MD5 for integrity), then deletes removed ones.
 * With versioning on, a delete leaves a delete marker: the old object
 * stays recoverable.
 */
export const applyPush = async (
  s3: S3Client,
  target: S3Location,
  sources: readonly TriggerSource[],
  plan: readonly PushChange[]
): Promise<PushChange[]> => {
  // Limitation: S3 has no multi-object transaction, so a reload that lands
  // mid-push may see some files new and some old until its next check.
  const byName = new Map(sources.map((source) => [source.name, source]));
  const applied: PushChange[] = [];
  for (const change of plan) {
    const source = byName.get(change.name);
    if (
      !source ||
      change.status === 'unchanged' ||
      change.status === 'removed'
    ) {
      continue;
    }
    const uploaded = await s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: change.key,
        Body: source.source,
        ContentType: 'text/plain; charset=utf-8',
        ContentMD5: createHash('md5').update(source.source).digest('base64'),
        Metadata: { [SHA256_METADATA]: sha256(source.source) },
      })
    );
    applied.push({ ...change, versionId: uploaded.VersionId });
  }
  for (const change of plan) {
    if (change.status !== 'removed') continue;
    await s3.send(
      new DeleteObjectCommand({ Bucket: target.bucket, Key: change.key })
    );
    applied.push(change);
  }
  const done = new Map(applied.map((change) => [change.name, change]));

  return plan.map((change) => done.get(change.name) ?? change);
};
