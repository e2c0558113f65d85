/**
 * @module Section 6: end to end through the local loop: a Kafka broker of
 * its own, the poller, the function, the emulator's EventBridge API
 * destination, and a webhook receiver, all on loopback.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAwsClients } from '#adapters/aws-clients.ts';
import type { UserEvent } from '#core/event.ts';
import { compileTrigger } from '#core/filters.ts';
import { staticTriggers } from '#core/ports.ts';
import { CountingMetrics } from '#core/telemetry.ts';
import { sendMessages, toOutgoingMessage } from '#local/event-producer.ts';
import { startKafkaBroker } from '#local/kafka-broker.ts';
import { createTopic } from '#local/kafka-topics.ts';
import {
  functionConfigOf,
  loadLocalDeployConfig,
  localPlanOf,
} from '#local/local-plan.ts';
import { startPoller } from '#local/poller.ts';
import { freeLoopbackPort } from '#local/processes.ts';
import { provisionLocal } from '#local/provision.ts';
import { startWebhookReceiver } from '#local/webhook-receiver.ts';
import { createPipeline } from '#trigger/pipeline.ts';
import { benchProfiles } from './profiles.ts';
import type { Figures } from './report.ts';
import { compileBenchTriggers } from './triggers.ts';
import { generateWorkload } from './workload.ts';

/** Events sent at once for the throughput figure. */
const BURST_EVENTS = 2000;
/** Probe events sent at a steady pace for the latency figures. */
const PROBE_EVENTS = 300;
const PROBE_RATE = 50;
const PROBE_NAME = 'latency_probe';
const DEADLINE_MS = 120_000;

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);

  return (
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
  );
};

const waitUntil = async (done: () => boolean, what: string) => {
  const deadline = Date.now() + DEADLINE_MS;
  while (!done()) {
    if (Date.now() > deadline) {
      throw new Error(`${what} did not finish within ${DEADLINE_MS} ms`);
    }
    await sleep(25);
  }
};

const notMeasured = (reason: string): Figures => ({
  e2e_events_per_sec: null,
  e2e_p50_ms: null,
  e2e_p99_ms: null,
  e2e_note: `not measured: ${reason}`,
});

const runLoop = async (root: string, endpoint: string): Promise<Figures> => {
  const port = await freeLoopbackPort();
  let controllerPort = await freeLoopbackPort();
  while (controllerPort === port) controllerPort = await freeLoopbackPort();
  const dir = join(root, '.local', 'bench', `kafka-${port}`);
  const broker = await startKafkaBroker(root, { port, controllerPort, dir });
  const receiver = await startWebhookReceiver();
  const clients = createAwsClients({ endpoint, region: 'us-east-1' });
  try {
    const suffix = `-bench-${randomUUID().slice(0, 8)}`;
    // No deploy config: every key's default, one webhook for all triggers.
    const deployConfig = loadLocalDeployConfig(join(dir, 'none.json'));
    const resources = await provisionLocal(
      clients,
      localPlanOf(deployConfig, {
        webhookUrl: `${receiver.url}/webhook`,
        suffix,
      }),
      { filtersDir: join(root, 'filters') }
    );
    const probe = compileTrigger({
      name: 'latency-probe',
      file: 'bench/latency-probe.jsonata',
      source: `event.event_name = '${PROBE_NAME}'`,
    });
    const metrics = new CountingMetrics();
    const pipeline = createPipeline(functionConfigOf(deployConfig, resources), {
      clients,
      metrics,
      triggers: staticTriggers([...compileBenchTriggers(), probe]),
      profiles: benchProfiles,
    });
    const topic = `user-tracking-events${suffix}`;
    await createTopic({ bootstrap: broker.bootstrap, name: topic });
    const poller = await startPoller({
      settings: {
        bootstrap: broker.bootstrap,
        topic,
        groupId: `tripline${suffix}`,
        batchSize: 100,
        batchingWindowMs: 100,
      },
      handler: (event) => pipeline.handle(event),
    });
    const send = (events: readonly UserEvent[], rate?: number) =>
      sendMessages(
        events.map((event) => toOutgoingMessage(JSON.stringify(event))),
        { bootstrap: broker.bootstrap, topic, ...(rate ? { rate } : {}) }
      );

    try {
      const { events } = generateWorkload(BURST_EVENTS + PROBE_EVENTS);
      const burstStarted = performance.now();
      const cpuBefore = process.cpuUsage();
      await send(events.slice(0, BURST_EVENTS));
      await waitUntil(
        () => metrics.get('EventsProcessed') >= BURST_EVENTS,
        'the burst'
      );
      const burstSeconds = (performance.now() - burstStarted) / 1000;
      const cpu = process.cpuUsage(cpuBefore);

      const probes = events.slice(BURST_EVENTS).map((event) => ({
        ...event,
        event_id: randomUUID(),
        event_name: PROBE_NAME,
      }));
      const sentAt = new Map<string, number>();
      const sending = sendMessages(
        probes.map((event) => toOutgoingMessage(JSON.stringify(event))),
        {
          bootstrap: broker.bootstrap,
          topic,
          rate: PROBE_RATE,
          onProgress: (sent) => {
            const probeId = probes[sent - 1]?.event_id;
            if (probeId) sentAt.set(probeId, Date.now());
          },
        }
      );
      await sending;
      const delivered = () =>
        receiver.deliveries.filter(
          (delivery) =>
            (delivery.body as { trigger?: string }).trigger === probe.name
        );
      await waitUntil(() => delivered().length >= PROBE_EVENTS, 'the probes');
      const latencies = delivered().flatMap((delivery) => {
        const eventId = (delivery.body as { event_id?: string }).event_id;
        const sent = eventId ? sentAt.get(eventId) : undefined;
        return sent ? [Date.parse(delivery.receivedAt) - sent] : [];
      });

      return {
        e2e_events_per_sec: BURST_EVENTS / burstSeconds,
        e2e_p50_ms: percentile(latencies, 0.5),
        e2e_p99_ms: percentile(latencies, 0.99),
        e2e_latency_samples: latencies.length,
        // Low means this process mostly waited: on the emulator or broker.
        e2e_process_cpu_share: (cpu.user + cpu.system) / 1e6 / burstSeconds,
        e2e_note:
          `${BURST_EVENTS} events at once for events/s; ${PROBE_EVENTS} ` +
          `probes at ${PROBE_RATE}/s for latency (send ack to webhook receipt)`,
      };
    } finally {
      await poller.stop();
    }
  } finally {
    clients.dynamodb.destroy();
    clients.eventbridge.destroy();
    clients.sqs.destroy();
    clients.s3.destroy();
    await receiver.close();
    await broker.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

/**
 * Events/s and send → webhook latency through the local loop, or the
 * reason they could not be measured (no Java, no Maven, no broker).
 */
export const measureEndToEnd = async (
  root: string,
  endpoint: string
): Promise<Figures> => {
  try {
    return await runLoop(root, endpoint);
  } catch (error) {
    return notMeasured(error instanceof Error ? error.message : String(error));
  }
};
