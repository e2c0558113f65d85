import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readTriggerSources } from '#adapters/folder-filter-files.ts';
import { countRequests } from '#adapters/request-counter.ts';
import { pushCommand } from '#cli/filters.ts';
import { FilterPushError } from '#cli/filters-errors.ts';
import { applyPush, ensureVersioning, planPush } from '#cli/filters-push.ts';
import { testClients, testEndpoint } from '#local/emulator-resources.ts';

const PREFIX = 'filters/';

let dir: string;
let s3: S3Client;
let bucket: string;

const createBucket = async (versioned: boolean): Promise<string> => {
  const name = `tripline-filters-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  if (versioned) {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: name,
        VersioningConfiguration: { Status: 'Enabled' },
      })
    );
  }
  return name;
};

const push = async () => {
  const target = { bucket, prefix: PREFIX };
  const sources = await readTriggerSources(dir);
  return applyPush(s3, target, sources, await planPush(s3, target, sources));
};

const statuses = (changes: readonly { name: string; status: string }[]) =>
  Object.fromEntries(changes.map((change) => [change.name, change.status]));

const readObject = async (key: string, versionId?: string) => {
  const object = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })
  );
  return object.Body?.transformToString('utf-8');
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tripline-push-'));
  s3 = testClients().s3;
  bucket = await createBucket(true);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('filters push to MiniStack S3', () => {
  it('uploads every filter to an empty bucket and reports each as added', async () => {
    // Prepare
    await writeFile(join(dir, 'a.jsonata'), 'true');
    await writeFile(join(dir, 'b.jsonata'), 'false');
    await writeFile(join(dir, 'a.cases.yaml'), 'cases: []');

    // Act
    const changes = await push();

    // Assess
    expect(statuses(changes)).toEqual({ a: 'added', b: 'added' });
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: PREFIX })
    );
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual([
      'filters/a.jsonata',
      'filters/b.jsonata',
    ]);
  });

  it('uploads nothing when no filter changed', async () => {
    // Prepare
    await writeFile(join(dir, 'a.jsonata'), 'true');
    await push();
    const requests = countRequests(s3);

    // Act
    const changes = await push();

    // Assess
    expect(statuses(changes)).toEqual({ a: 'unchanged' });
    expect(requests.PutObjectCommand ?? 0).toBe(0);
    expect(requests.DeleteObjectCommand ?? 0).toBe(0);
  });

  it('replaces a changed filter and keeps its previous version readable', async () => {
    // Prepare
    await writeFile(join(dir, 'a.jsonata'), 'true');
    await push();

    // Act
    await writeFile(join(dir, 'a.jsonata'), "event.event_name = 'purchase'");
    const [change] = await push();

    // Assess
    expect(change?.status).toBe('changed');
    expect(await readObject('filters/a.jsonata')).toBe(
      "event.event_name = 'purchase'"
    );
    expect(
      await readObject('filters/a.jsonata', change?.previousVersionId)
    ).toBe('true');
  });

  it('deletes a removed filter, leaving its last version recoverable', async () => {
    // Prepare
    await writeFile(join(dir, 'gone.jsonata'), 'true');
    await push();
    await rm(join(dir, 'gone.jsonata'));

    // Act
    const [change] = await push();

    // Assess
    expect(change).toMatchObject({ name: 'gone', status: 'removed' });
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: PREFIX })
    );
    expect(listed.KeyCount ?? 0).toBe(0);
    const versions = await s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, Prefix: PREFIX })
    );
    expect(versions.Versions?.map((version) => version.VersionId)).toContain(
      change?.previousVersionId
    );
    expect(
      await readObject('filters/gone.jsonata', change?.previousVersionId)
    ).toBe('true');
  });

  it('refuses a bucket without versioning unless asked to turn it on', async () => {
    // Prepare
    const plain = await createBucket(false);

    // Act
    const refused = ensureVersioning(s3, plain, false);

    // Assess
    await expect(refused).rejects.toBeInstanceOf(FilterPushError);
    await expect(ensureVersioning(s3, plain, true)).resolves.toBeUndefined();
    await expect(ensureVersioning(s3, plain, false)).resolves.toBeUndefined();
  });

  it('refuses to push when a case fails, uploading nothing', async () => {
    // Prepare
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    await writeFile(join(dir, 'a.jsonata'), 'true');
    await writeFile(
      join(dir, 'a.cases.yaml'),
      'cases: [{ name: wrong, events: [{ fires: false }] }]'
    );

    // Act
    const code = await pushCommand(
      dir,
      {
        bucket,
        endpoint: testEndpoint(),
        region: 'us-east-1',
        historyCap: 100,
        ttlMinutes: 10,
        enableVersioning: false,
        dryRun: false,
      },
      {}
    );

    // Assess
    expect(code).toBe(1);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it('pushes from the command entry point once the checks pass', async () => {
    // Prepare
    const printed = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    await writeFile(join(dir, 'a.jsonata'), 'true');
    await writeFile(
      join(dir, 'a.cases.yaml'),
      'cases: [{ name: always, events: [{ fires: true }] }]'
    );

    // Act
    const code = await pushCommand(
      dir,
      {
        historyCap: 100,
        ttlMinutes: 10,
        enableVersioning: false,
        dryRun: false,
      },
      {
        TRIPLINE_FILTERS_BUCKET: bucket,
        AWS_ENDPOINT_URL: testEndpoint(),
        AWS_REGION: 'us-east-1',
      }
    );

    // Assess
    expect(code).toBe(0);
    expect(await readObject('filters/a.jsonata')).toBe('true');
    const output = printed.mock.calls.map(([text]) => String(text)).join('');
    expect(output).toContain('added     filters/a.jsonata');
    expect(output).toContain('1 added, 0 changed, 0 removed, 0 unchanged');
  });
});
