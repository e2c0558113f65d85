import { randomUUID } from 'node:crypto';
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { countRequests } from '#adapters/request-counter.ts';
import { applyPush, planPush } from '#cli/filters-push.ts';
import type { TriggerSource } from '#core/filters.ts';
import { CountingMetrics, Metric } from '#core/telemetry.ts';
import { createTestResources } from '#local/emulator-resources.ts';
import { createPipeline, type Pipeline } from '#trigger/pipeline.ts';
import { mskEvent, mskRecord, pageView } from './support/msk-events.ts';

const PREFIX = 'filters/';
const RELOAD_SECONDS = 1;
const EVERY_VIEW = "event.event_name = 'page_view'";
const SECOND_VIEW =
  "event.event_name = 'page_view' and $count(history[event_name = 'page_view']) = 2";

const pushFilters = async (
  s3: S3Client,
  bucket: string,
  sources: readonly TriggerSource[]
) => {
  const target = { bucket, prefix: PREFIX };
  return applyPush(s3, target, sources, await planPush(s3, target, sources));
};

const source = (name: string, text: string): TriggerSource => ({
  name,
  file: `${name}.jsonata`,
  source: text,
});

let offset = 0;

/** One page view of a new user; resolves to the triggers that fired. */
const viewOnce = async (pipeline: Pipeline): Promise<string[]> => {
  const user = `user-${randomUUID().slice(0, 8)}`;
  const record = mskRecord(pageView(user, `pv-${offset}`, Date.now()), {
    offset: offset++,
  });
  const result = await pipeline.process(mskEvent([record]));

  return result.actions.map((action) => action.detail.trigger).sort();
};

/** A pipeline reading filters from a fresh versioned bucket. */
const setUp = async () => {
  const bucket = `tripline-live-${randomUUID().slice(0, 8)}`;
  const resources = await createTestResources({
    filtersLocation: `s3://${bucket}/${PREFIX}`,
    filterReloadSeconds: RELOAD_SECONDS,
  });
  const { s3 } = resources.clients;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: 'Enabled' },
    })
  );
  const metrics = new CountingMetrics();
  const pipeline = createPipeline(resources.config, {
    clients: resources.clients,
    metrics,
  });
  return {
    bucket,
    s3,
    resources,
    metrics,
    viewOnce: () => viewOnce(pipeline),
  };
};

const waitForReload = () =>
  new Promise((resolve) => setTimeout(resolve, RELOAD_SECONDS * 1000 + 100));

describe('hot reload of filters from MiniStack S3', () => {
  it('a running pipeline picks up a pushed change within the reload interval', async () => {
    // Prepare
    const { s3, bucket, viewOnce } = await setUp();
    await pushFilters(s3, bucket, [source('welcome', SECOND_VIEW)]);
    const before = await viewOnce();

    // Act
    await pushFilters(s3, bucket, [
      source('welcome', EVERY_VIEW),
      source('added', EVERY_VIEW),
    ]);
    await waitForReload();
    const after = await viewOnce();

    // Assess
    expect(before).toEqual([]);
    expect(after).toEqual(['added', 'welcome']);
  });

  it('keeps the last good version running when a broken file is uploaded', async () => {
    // Prepare
    const { s3, bucket, viewOnce, metrics } = await setUp();
    await pushFilters(s3, bucket, [source('welcome', EVERY_VIEW)]);
    await viewOnce();

    // Act
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${PREFIX}welcome.jsonata`,
        Body: "event.event_name = 'page_view' and (",
      })
    );
    await waitForReload();
    const fired = await viewOnce();

    // Assess
    expect(fired).toEqual(['welcome']);
    expect(metrics.get(Metric.FILTER_RELOAD_ERRORS)).toBe(1);
  });

  it('stops a trigger whose file was removed', async () => {
    // Prepare
    const { s3, bucket, viewOnce } = await setUp();
    await pushFilters(s3, bucket, [
      source('kept', EVERY_VIEW),
      source('dropped', EVERY_VIEW),
    ]);
    const before = await viewOnce();

    // Act
    await pushFilters(s3, bucket, [source('kept', EVERY_VIEW)]);
    await waitForReload();
    const after = await viewOnce();

    // Assess
    expect(before).toEqual(['dropped', 'kept']);
    expect(after).toEqual(['kept']);
  });

  it('a new container runs the previous version when the newest is broken', async () => {
    // Prepare
    const { s3, bucket, resources } = await setUp();
    await pushFilters(s3, bucket, [source('welcome', EVERY_VIEW)]);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${PREFIX}welcome.jsonata`,
        Body: '(',
      })
    );
    const coldStart = createPipeline(resources.config, {
      clients: resources.clients,
    });

    // Act
    const fired = await viewOnce(coldStart);

    // Assess
    expect(fired).toEqual(['welcome']);
  });

  it('an unchanged filter set costs one ListObjectsV2 call per interval', async () => {
    // Prepare
    const { s3, bucket, viewOnce } = await setUp();
    await pushFilters(s3, bucket, [
      source('a', EVERY_VIEW),
      source('b', SECOND_VIEW),
    ]);
    await viewOnce();
    const requests = countRequests(s3);

    // Act
    await waitForReload();
    await viewOnce();
    await viewOnce();

    // Assess
    expect(requests.ListObjectsV2Command).toBe(1);
    expect(requests.GetObjectCommand ?? 0).toBe(0);
  });
});
