import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metric } from '#core/telemetry.ts';
import { drainQueue } from '#local/emulator-resources.ts';
import { sendMessages, toOutgoingMessage } from '#local/event-producer.ts';
import { mockHistory } from '#local/mock-profile-api.ts';
import type { PollerHandle } from '#local/poller.ts';
import type { WebhookDelivery } from '#local/webhook-receiver.ts';
import { type LocalLoop, startLocalLoop } from './local-loop-harness.ts';

const waitFor = async (check: () => boolean | Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const bodyOf = (delivery: WebhookDelivery) =>
  delivery.body as Record<string, unknown> & { user?: { user_id?: string } };

const pageView = (userId: string, n: number) => ({
  event_id: `${userId}-pv-${n}`,
  user_id: userId,
  event_name: 'page_view',
  event_type: 'pageview',
  timestamp: 1_738_742_400_000 + n * 1000,
});

describe('local loop: Kafka, poller, function, MiniStack, webhook', () => {
  let loop: LocalLoop;
  let poller: PollerHandle;

  beforeAll(async () => {
    loop = await startLocalLoop();
    poller = await loop.startPoller();
  });

  afterAll(async () => {
    await loop?.close();
  });

  it('delivers exactly one third-page-view webhook for the three sample page views', async () => {
    // Act
    const output = await loop.send([
      'test/events/sample-event-pageview-1.json',
      'test/events/sample-event-pageview-2.json',
      'test/events/sample-event-pageview-3.json',
    ]);
    await loop.receiver.waitFor(1, { timeoutMs: 20_000 });
    // EventBridge delivers asynchronously: leave room for a wrong second one.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Assess
    expect(output).toContain('sent 3 message(s)');
    const deliveries = loop.receiver.deliveries.filter(
      (delivery) => bodyOf(delivery).user?.user_id === 'user123'
    );
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(delivery?.method).toBe('POST');
    expect(delivery?.headers['content-type']).toContain('application/json');
    expect(delivery?.headers['x-tripline-source']).toBe('tripline-local');
    const body = delivery ? bodyOf(delivery) : {};
    expect(Object.keys(body)).toEqual([
      'trigger',
      'action_id',
      'triggeredAt',
      'user_id',
      'event_id',
      'event',
      'user',
      'visit',
      'history',
    ]);
    expect(body).toMatchObject({
      trigger: 'third-page-view',
      user_id: 'user123',
      event_id: 'evt-pv-003',
      event: { event_id: 'evt-pv-003', event_name: 'page_view' },
      user: { user_id: 'user123' },
      visit: { actions: 3 },
    });
    expect(body.action_id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Date(String(body.triggeredAt)).toISOString()).toBe(
      body.triggeredAt
    );
    const history = body.history as { event_id: string }[];
    expect(history.map((entry) => entry.event_id)).toEqual([
      ...mockHistory('user123').map((entry) => entry.event_id),
      'evt-pv-001',
      'evt-pv-002',
      'evt-pv-003',
    ]);
  });

  it('quarantines a poison message and keeps consuming the records after it', async () => {
    // Act
    await loop.send([
      '--raw',
      '{"user_id": "poison-user", broken',
      '--key',
      'poison-user',
    ]);
    await sendMessages(
      [toOutgoingMessage(JSON.stringify(pageView('after-poison', 1)))],
      {
        bootstrap: loop.bootstrap,
        topic: loop.topic,
      }
    );
    const quarantined = await drainQueue(
      loop.clients,
      loop.config.quarantineQueueUrl,
      {
        expected: 1,
        timeoutMs: 20_000,
      }
    );
    await waitFor(
      async () => (await loop.checkpointOf('after-poison')) !== undefined,
      20_000
    );

    // Assess
    expect(quarantined).toHaveLength(1);
    const message = JSON.parse(quarantined[0]?.Body ?? '{}');
    expect(message).toMatchObject({
      topic: loop.topic,
      reason: 'INVALID_JSON',
    });
    expect(Buffer.from(message.raw_value, 'base64').toString()).toBe(
      '{"user_id": "poison-user", broken'
    );
    const after = await loop.checkpointOf('after-poison');
    expect(after?.history.at(-1)?.event_id).toBe('after-poison-pv-1');
  });

  it('loses and repeats no state update across a poller crash and restart', async () => {
    // Prepare
    const users = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6'];
    const perUser = 20;
    const events = Array.from({ length: perUser }, (_, n) =>
      users.map((user) => pageView(user, n + 1))
    ).flat();
    const skippedBefore = loop.metrics.get(Metric.DUPLICATES_SKIPPED);
    let batches = 0;
    let crashed = false;
    let sent = 0;
    let sentAtCrash = 0;
    await poller.stop();
    const crashing = await loop.startPoller(async (event) => {
      const response = await loop.pipeline.handle(event);
      batches++;
      // The batch is applied but not committed: a crash between the two.
      if (batches === 2 && !crashed) {
        crashed = true;
        sentAtCrash = sent;
        void crashing.kill();
      }
      return response;
    });

    // Act
    const sending = sendMessages(
      events.map((e) => toOutgoingMessage(JSON.stringify(e))),
      {
        bootstrap: loop.bootstrap,
        topic: loop.topic,
        rate: 100,
        onProgress: (count) => {
          sent = count;
        },
      }
    );
    await waitFor(() => crashed, 20_000);
    const second = await loop.startPoller();
    await waitFor(() => second.stats.invocations >= 2, 20_000);
    await second.stop();
    const sentAtStop = sent;
    poller = await loop.startPoller();
    await sending;
    await waitFor(async () => {
      const states = await Promise.all(
        users.map((user) => loop.checkpointOf(user))
      );
      return states.every((state) => state?.visit.actions === perUser);
    }, 30_000);
    await loop.receiver.waitFor(users.length, {
      timeoutMs: 20_000,
      predicate: (d) => users.includes(bodyOf(d).user?.user_id ?? ''),
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Assess
    expect(sentAtCrash).toBeLessThan(events.length);
    expect(sentAtStop).toBeLessThan(events.length);
    for (const user of users) {
      const state = await loop.checkpointOf(user);
      const applied = state?.history
        .filter((entry) => entry.event_name === 'page_view')
        .map((entry) => entry.event_id);
      expect(applied).toEqual(
        Array.from({ length: perUser }, (_, n) => `${user}-pv-${n + 1}`)
      );
      expect(state?.visit.actions).toBe(perUser);
    }
    expect(loop.metrics.get(Metric.DUPLICATES_SKIPPED)).toBeGreaterThan(
      skippedBefore
    );
    const fired = loop.receiver.deliveries.filter((d) =>
      users.includes(bodyOf(d).user?.user_id ?? '')
    );
    expect(fired.map((d) => bodyOf(d).user?.user_id).sort()).toEqual(users);
  });
});
