import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { Producer } from '@platformatic/kafka';
import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaBatchResponse, MskEvent, MskRecord } from '#core/msk.ts';
import { drainQueue, testClients } from '#local/emulator-resources.ts';
import { sendMessages } from '#local/event-producer.ts';
import { createTopic } from '#local/kafka-topics.ts';
import {
  FileOnFailureDestination,
  SqsOnFailureDestination,
} from '#local/on-failure.ts';
import {
  type MskHandler,
  type PollerHandle,
  startPoller,
} from '#local/poller.ts';

const bootstrap = (): string => {
  const value = process.env.TRIPLINE_TEST_KAFKA_BOOTSTRAP;
  if (!value) throw new Error('TRIPLINE_TEST_KAFKA_BOOTSTRAP is not set');
  return value;
};

const freshTopic = async (partitions: number) => {
  const name = `poller-${randomUUID().slice(0, 8)}`;
  await createTopic({ bootstrap: bootstrap(), name, partitions });
  return name;
};

const produce = (topic: string, values: readonly string[], key = 'k') =>
  sendMessages(
    values.map((value) => ({ key, value: Buffer.from(value) })),
    { bootstrap: bootstrap(), topic }
  );

const recordsOf = (event: MskEvent): MskRecord[] =>
  Object.values(event.records).flat();

const textOf = (record: MskRecord): string =>
  Buffer.from(record.value ?? '', 'base64').toString('utf8');

const waitFor = async (check: () => boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const ok: KafkaBatchResponse = { batchItemFailures: [] };

describe('local poller on a real broker', () => {
  let poller: PollerHandle | undefined;

  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  it('delivers MSK-shaped batches bounded by the batch size and commits them', async () => {
    // Prepare
    const topic = await freshTopic(1);
    const events: MskEvent[] = [];
    const handler: MskHandler = async (event) => {
      events.push(event);
      return ok;
    };
    poller = await startPoller({
      settings: { bootstrap: bootstrap(), topic, groupId: topic, batchSize: 5 },
      handler,
    });

    // Act
    await produce(
      topic,
      Array.from({ length: 12 }, (_, n) => `v${n}`),
      'u-1'
    );
    await waitFor(() => events.flatMap(recordsOf).length >= 12);
    await waitFor(() => poller?.stats.committed.get(`${topic}-0`) === 12);

    // Assess
    const first = events[0];
    expect(first).toMatchObject({
      eventSource: 'aws:kafka',
      bootstrapServers: bootstrap(),
    });
    expect(first?.eventSourceArn).toMatch(/^arn:aws:kafka:/);
    const record = first?.records[`${topic}-0`]?.[0];
    expect(record).toMatchObject({
      topic,
      partition: 0,
      offset: 0,
      timestampType: 'CREATE_TIME',
      key: Buffer.from('u-1').toString('base64'),
      headers: [{ source: [...Buffer.from('tripline-send')] }],
    });
    expect(events.every((event) => recordsOf(event).length <= 5)).toBe(true);
    expect(events.flatMap(recordsOf).map(textOf)).toEqual(
      Array.from({ length: 12 }, (_, n) => `v${n}`)
    );
  });

  it('redelivers a partition from the first failed offset it reports', async () => {
    // Prepare
    const topic = await freshTopic(1);
    const seen: number[] = [];
    let failedOnce = false;
    const handler: MskHandler = async (event) => {
      const records = recordsOf(event);
      seen.push(...records.map((record) => record.offset));
      if (!failedOnce && records.some((record) => record.offset === 3)) {
        failedOnce = true;
        return {
          batchItemFailures: [
            { itemIdentifier: { partition: `${topic}-0`, offset: 3 } },
          ],
        };
      }
      return ok;
    };
    poller = await startPoller({
      settings: {
        bootstrap: bootstrap(),
        topic,
        groupId: topic,
        retryBaseDelayMs: 50,
      },
      handler,
    });

    // Act
    await produce(topic, ['a', 'b', 'c', 'd', 'e', 'f']);
    await waitFor(() => poller?.stats.committed.get(`${topic}-0`) === 6);

    // Assess
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 3, 4, 5]);
    expect(poller.stats.partialFailures).toBe(1);
  });

  it('bisects a failing batch and keeps the failing record in the on-failure queue', async () => {
    // Prepare
    const topic = await freshTopic(1);
    const clients = testClients();
    const queue = await clients.sqs.send(
      new CreateQueueCommand({ QueueName: `on-failure-${topic}` })
    );
    const queueUrl = queue.QueueUrl ?? '';
    const processed: string[] = [];
    const handler: MskHandler = async (event) => {
      const values = recordsOf(event).map(textOf);
      if (values.includes('poison')) throw new Error('cannot handle poison');
      processed.push(...values);
      return ok;
    };
    poller = await startPoller({
      settings: {
        bootstrap: bootstrap(),
        topic,
        groupId: topic,
        bisectBatchOnFunctionError: true,
        maxRetryAttempts: 2,
        retryBaseDelayMs: 20,
        batchingWindowMs: 300,
      },
      handler,
      onFailure: new SqsOnFailureDestination({ client: clients.sqs, queueUrl }),
    });

    // Act
    await produce(topic, ['a', 'b', 'c', 'poison', 'e', 'f', 'g', 'h']);
    await waitFor(() => poller?.stats.committed.get(`${topic}-0`) === 8);

    // Assess
    expect(processed.sort()).toEqual(['a', 'b', 'c', 'e', 'f', 'g', 'h']);
    expect(poller.stats.recordsSentToDestination).toBe(1);
    const [message] = await drainQueue(clients, queueUrl, { expected: 1 });
    const body = JSON.parse(message?.Body ?? '{}');
    expect(body.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    });
    expect(body.KafkaBatchInfo).toMatchObject({
      batchSize: 1,
      recordsInfo: {
        [`${topic}-0`]: { firstRecordOffset: '3', lastRecordOffset: '3' },
      },
    });
  });

  it('sends records past the maximum age to the on-failure file, not the function', async () => {
    // Prepare
    const topic = await freshTopic(1);
    const file = join(
      await mkdtemp(join(tmpdir(), 'tripline-')),
      'failed.jsonl'
    );
    const delivered: string[] = [];
    poller = await startPoller({
      settings: {
        bootstrap: bootstrap(),
        topic,
        groupId: topic,
        maxRecordAgeSeconds: 60,
      },
      handler: async (event) => {
        delivered.push(...recordsOf(event).map(textOf));
        return ok;
      },
      onFailure: new FileOnFailureDestination(file),
    });
    const producer = new Producer({
      clientId: 'old-records',
      bootstrapBrokers: [bootstrap()],
    });

    // Act
    await producer.send({
      messages: [
        {
          topic,
          value: Buffer.from('old'),
          timestamp: BigInt(Date.now() - 120_000),
        },
        { topic, value: Buffer.from('new') },
      ],
    });
    await producer.close();
    await waitFor(() => poller?.stats.committed.get(`${topic}-0`) === 2);

    // Assess
    expect(delivered).toEqual(['new']);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const kept = JSON.parse(lines[0] ?? '{}');
    expect(kept.requestContext.condition).toBe('RecordAgeExceeded');
    expect(kept.payload.map(textOf)).toEqual(['old']);
  });
});
