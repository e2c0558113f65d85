import {
  EventBridgeClient,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { EventBridgeActionSink } from '#adapters/eventbridge-action-sink.ts';
import { actionIdOf, type TriggerAction } from '#core/actions.ts';
import {
  createTestResources,
  drainQueue,
  testEndpoint,
} from '#local/emulator-resources.ts';

const action = (n: number): TriggerAction => {
  const eventId = `evt-${n}`;
  return {
    targets: ['eventbridge'],
    position: { topic: 't', partition: 0, offset: n },
    detail: {
      trigger: 'every-event',
      action_id: actionIdOf('every-event', eventId),
      triggeredAt: new Date(1_738_742_400_000 + n).toISOString(),
      user_id: 'u',
      event_id: eventId,
      event: { event_id: eventId, user_id: 'u', event_type: 'x', timestamp: n },
      user: {},
      visit: {},
      history: [],
    },
  };
};

/**
 * A client whose first PutEvents answer marks some entries failed, as
 * EventBridge does under throttling; the request itself reaches the emulator.
 */
const flakyClient = (failEventIds: readonly string[], failingCalls = 1) => {
  const client = new EventBridgeClient({
    endpoint: testEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const sent: PutEventsRequestEntry[][] = [];
  let calls = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Entries: PutEventsRequestEntry[] };
      sent.push(input.Entries);
      const result = await next(args);
      calls++;
      if (calls <= failingCalls) {
        const output = result.output as PutEventsCommandOutput;
        let failedCount = 0;
        input.Entries.forEach((request, index) => {
          const eventId = JSON.parse(request.Detail ?? '{}').event_id;
          const entry = output.Entries?.[index];
          if (!entry || !failEventIds.includes(eventId)) return;
          entry.EventId = undefined;
          entry.ErrorCode = 'ThrottlingException';
          entry.ErrorMessage = 'Rate exceeded';
          failedCount++;
        });
        output.FailedEntryCount = failedCount;
      }
      return result;
    },
    { step: 'initialize', name: 'flakyPutEvents' }
  );
  return { client, sent };
};

describe('EventBridge action sink on MiniStack', () => {
  it('resends only the entries that failed', async () => {
    // Prepare
    const resources = await createTestResources();
    const { client, sent } = flakyClient(['evt-1', 'evt-3']);
    const sink = new EventBridgeActionSink({
      client,
      eventBusName: resources.config.eventBusName,
      minBackoffMs: 1,
    });
    const actions = Array.from({ length: 12 }, (_, n) => action(n));

    // Act
    const failed = await sink.emit(actions);

    // Assess
    expect(failed.size).toBe(0);
    expect(sent.map((entries) => entries.length)).toEqual([10, 2, 2]);
    const resent = sent
      .slice(2)
      .flat()
      .map((entry) => JSON.parse(entry.Detail ?? '{}').event_id);
    expect(resent).toEqual(['evt-1', 'evt-3']);
  });

  it('delivers every action to the bus in calls of at most ten entries', async () => {
    // Prepare
    const resources = await createTestResources();
    const { client, sent } = flakyClient([]);
    const sink = new EventBridgeActionSink({
      client,
      eventBusName: resources.config.eventBusName,
    });

    // Act
    const failed = await sink.emit(
      Array.from({ length: 23 }, (_, n) => action(n))
    );

    // Assess
    expect(failed.size).toBe(0);
    expect(sent.map((entries) => entries.length)).toEqual([10, 10, 3]);
    const delivered = await drainQueue(
      resources.clients,
      resources.observerQueueUrl,
      {
        expected: 23,
      }
    );
    const ids = delivered.map(
      (m) => JSON.parse(m.Body ?? '{}').detail.action_id
    );
    expect(new Set(ids).size).toBe(23);
  });

  it('reports the action ids that still fail after every retry', async () => {
    // Prepare
    const resources = await createTestResources();
    const { client, sent } = flakyClient(['evt-2'], Number.POSITIVE_INFINITY);
    const sink = new EventBridgeActionSink({
      client,
      eventBusName: resources.config.eventBusName,
      retries: 2,
      minBackoffMs: 1,
    });
    const actions = [action(1), action(2), action(3)];

    // Act
    const failed = await sink.emit(actions);

    // Assess
    expect([...failed]).toEqual([actions[1]?.detail.action_id]);
    expect(sent.map((entries) => entries.length)).toEqual([3, 1, 1]);
  });
});
