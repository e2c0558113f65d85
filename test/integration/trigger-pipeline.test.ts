import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '#core/checkpoint-codec.ts';
import { compileTrigger } from '#core/filters.ts';
import { staticTriggers } from '#core/ports.ts';
import { CountingMetrics, Metric } from '#core/telemetry.ts';
import {
  createTestResources,
  drainQueue,
  type TestResources,
} from '#local/emulator-resources.ts';
import { createPipeline, loadFolderTriggers } from '#trigger/pipeline.ts';
import { mskEvent, mskRecord, pageView } from './support/msk-events.ts';
import {
  startTestProfileApi,
  type TestProfileApi,
} from './support/profile-api-server.ts';

const T0 = 1_738_742_400_000;

const readItem = async (resources: TestResources, userId: string) => {
  const response = await resources.clients.dynamodb.send(
    new GetItemCommand({
      TableName: resources.config.tableName,
      Key: { user_id: { S: userId } },
      ConsistentRead: true,
    })
  );
  return response.Item;
};

const firedTriggers = async (resources: TestResources, expected: number) => {
  const messages = await drainQueue(
    resources.clients,
    resources.observerQueueUrl,
    {
      expected,
      timeoutMs: expected === 0 ? 1500 : 5000,
    }
  );
  return messages.map((message) => JSON.parse(message.Body ?? '{}'));
};

describe('trigger pipeline on MiniStack', () => {
  let profileApi: TestProfileApi;

  beforeAll(async () => {
    profileApi = await startTestProfileApi();
  });

  afterAll(async () => {
    await profileApi.close();
  });

  it('fires the third-page-view trigger exactly once for three page views', async () => {
    // Prepare
    const resources = await createTestResources();
    const pipeline = createPipeline(resources.config, {
      clients: resources.clients,
      triggers: await loadFolderTriggers('filters', 100),
    });
    const views = [1, 2, 3, 4].map((n) =>
      mskRecord(pageView('user-a', `pv-${n}`, T0 + n * 1000), { offset: n })
    );

    // Act
    const first = await pipeline.handle(mskEvent(views.slice(0, 2)));
    const second = await pipeline.handle(mskEvent(views.slice(2)));

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    const fired = await firedTriggers(resources, 1);
    expect(fired).toHaveLength(1);
    expect(fired[0]['detail-type']).toBe('TriggerFired');
    expect(fired[0].detail).toMatchObject({
      trigger: 'third-page-view',
      user_id: 'user-a',
      event_id: 'pv-3',
    });
    expect(fired[0].detail.history).toHaveLength(3);
    expect(await firedTriggers(resources, 0)).toHaveLength(0);
  });

  it('treats a stored item whose TTL has passed as expired and enriches it again', async () => {
    // Prepare
    const resources = await createTestResources({
      profileApiUrl: profileApi.url,
    });
    const pipeline = createPipeline(resources.config, {
      clients: resources.clients,
      triggers: staticTriggers([]),
    });
    await pipeline.handle(
      mskEvent([mskRecord(pageView('user-ttl', 'e1', T0), { offset: 1 })])
    );
    const callsAfterFirst = profileApi.calls.filter((call) =>
      call.includes('user-ttl')
    ).length;
    await resources.clients.dynamodb.send(
      new UpdateItemCommand({
        TableName: resources.config.tableName,
        Key: { user_id: { S: 'user-ttl' } },
        UpdateExpression: 'SET expires_at = :past',
        ExpressionAttributeValues: {
          ':past': { N: String(Math.floor(Date.now() / 1000) - 60) },
        },
      })
    );

    // Act
    const response = await pipeline.handle(
      mskEvent([
        mskRecord(pageView('user-ttl', 'e2', T0 + 1000), { offset: 2 }),
      ])
    );

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(callsAfterFirst).toBe(3);
    expect(
      profileApi.calls.filter((call) => call.includes('user-ttl'))
    ).toHaveLength(6);
    const item = await readItem(resources, 'user-ttl');
    const checkpoint = decodeCheckpoint(item?.state?.B ?? new Uint8Array());
    expect(checkpoint.history.map((entry) => entry.event_id)).toEqual(['e2']);
    expect(checkpoint.profile).toMatchObject({ country: 'NZ' });
    expect(Number(item?.expires_at?.N)).toBeGreaterThan(Date.now() / 1000);
  });

  it('changes no state and emits no action when the same batch arrives twice', async () => {
    // Prepare
    const resources = await createTestResources();
    const pipeline = createPipeline(resources.config, {
      clients: resources.clients,
      triggers: await loadFolderTriggers('filters', 100),
    });
    const batch = mskEvent(
      [1, 2, 3].map((n) =>
        mskRecord(pageView('user-dup', `d-${n}`, T0 + n), { offset: 10 + n })
      )
    );
    await pipeline.handle(batch);
    const before = await readItem(resources, 'user-dup');
    expect(await firedTriggers(resources, 1)).toHaveLength(1);

    // Act
    const metrics = new CountingMetrics();
    const again = createPipeline(resources.config, {
      clients: resources.clients,
      triggers: await loadFolderTriggers('filters', 100),
      metrics,
    });
    const response = await again.handle(batch);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(metrics.get(Metric.DUPLICATES_SKIPPED)).toBe(3);
    const after = await readItem(resources, 'user-dup');
    expect(after?.version?.N).toBe(before?.version?.N);
    expect(Buffer.from(after?.state?.B ?? [])).toEqual(
      Buffer.from(before?.state?.B ?? [])
    );
    expect(await firedTriggers(resources, 0)).toHaveLength(0);
  });

  it('quarantines a poison record with its reason and processes its neighbours', async () => {
    // Prepare
    const resources = await createTestResources();
    const pipeline = createPipeline(resources.config, {
      clients: resources.clients,
      triggers: staticTriggers([
        compileTrigger({ name: 'every-event', file: 'inline', source: 'true' }),
      ]),
    });
    const records = [
      mskRecord(pageView('user-p', 'p1', T0), { offset: 1 }),
      mskRecord('{"event_id": "broken', { offset: 2 }),
      mskRecord({ event_id: 'x', event_type: 'click' }, { offset: 3 }),
      mskRecord(pageView('user-p', 'p4', T0 + 1), { offset: 4 }),
    ];

    // Act
    const response = await pipeline.handle(mskEvent(records));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const quarantined = await drainQueue(
      resources.clients,
      resources.config.quarantineQueueUrl,
      { expected: 2 }
    );
    const bodies = quarantined
      .map((message) => JSON.parse(message.Body ?? '{}'))
      .sort((a, b) => a.offset - b.offset);
    expect(bodies).toMatchObject([
      { offset: 2, reason: 'INVALID_JSON', partition: 0 },
      { offset: 3, reason: 'INVALID_EVENT', topic: 'user-tracking-events' },
    ]);
    expect(bodies[0].raw_value).toBe(records[1]?.value);
    expect(bodies[1].detail).toContain('user_id');
    const fired = await firedTriggers(resources, 2);
    expect(fired.map((event) => event.detail.event_id).sort()).toEqual([
      'p1',
      'p4',
    ]);
  });

  it('processes events with an empty profile when the profile API is down', async () => {
    // Prepare
    const resources = await createTestResources({
      profileApiUrl: profileApi.url,
    });
    const metrics = new CountingMetrics();
    const pipeline = createPipeline(resources.config, {
      clients: resources.clients,
      triggers: staticTriggers([]),
      metrics,
    });
    profileApi.failing = true;

    // Act
    const response = await pipeline
      .handle(
        mskEvent([mskRecord(pageView('user-down', 'x1', T0), { offset: 1 })])
      )
      .finally(() => {
        profileApi.failing = false;
      });

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(metrics.get(Metric.PROFILE_API_FAILURES)).toBe(1);
    expect(metrics.get(Metric.EVENTS_PROCESSED)).toBe(1);
    const item = await readItem(resources, 'user-down');
    const checkpoint = decodeCheckpoint(item?.state?.B ?? new Uint8Array());
    expect(checkpoint.profile).toEqual({});
    expect(checkpoint.visit).toEqual({ actions: 1 });
  });

  it('reports the first record of each partition when the table is missing', async () => {
    // Prepare
    const resources = await createTestResources();
    const pipeline = createPipeline(
      { ...resources.config, tableName: 'tripline-no-such-table' },
      { clients: resources.clients, triggers: staticTriggers([]) }
    );
    const records = [
      mskRecord(pageView('u1', 'a', T0), { partition: 0, offset: 7 }),
      mskRecord(pageView('u2', 'b', T0), { partition: 0, offset: 8 }),
      mskRecord(pageView('u3', 'c', T0), { partition: 3, offset: 42 }),
    ];

    // Act
    const response = await pipeline.handle(mskEvent(records));

    // Assess
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: { partition: 'user-tracking-events-0', offset: 7 } },
      { itemIdentifier: { partition: 'user-tracking-events-3', offset: 42 } },
    ]);
  });
});
