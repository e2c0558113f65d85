/**
 * @module The local loop assembled for end-to-end tests: the broker and
 * MiniStack of the global setup, a mock profile API, a webhook receiver,
 * provisioned resources, a topic, and the function behind the poller.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { type AwsClients, createAwsClients } from '#adapters/aws-clients.ts';
import type { Checkpoint } from '#core/checkpoint.ts';
import { decodeCheckpoint } from '#core/checkpoint-codec.ts';
import type { TriplineConfig } from '#core/config.ts';
import { CountingMetrics } from '#core/telemetry.ts';
import { createTopic } from '#local/kafka-topics.ts';
import { useEmulatorCredentials } from '#local/local-env.ts';
import {
  functionConfigOf,
  loadLocalDeployConfig,
  localPlanOf,
} from '#local/local-plan.ts';
import {
  type MockProfileApi,
  startMockProfileApi,
} from '#local/mock-profile-api.ts';
import { SqsOnFailureDestination } from '#local/on-failure.ts';
import {
  type MskHandler,
  type PollerHandle,
  startPoller,
} from '#local/poller.ts';
import { provisionLocal } from '#local/provision.ts';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '#local/webhook-receiver.ts';
import { createPipeline, type Pipeline } from '#trigger/pipeline.ts';

const run = promisify(execFile);

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is required`);
  return value;
};

/** Everything one end-to-end test file runs against. */
export type LocalLoop = {
  readonly bootstrap: string;
  readonly topic: string;
  readonly clients: AwsClients;
  readonly config: TriplineConfig;
  readonly pipeline: Pipeline;
  readonly metrics: CountingMetrics;
  readonly profileApi: MockProfileApi;
  readonly receiver: WebhookReceiver;
  /** Starts a poller on the topic with the test's group and settings. */
  startPoller(handler?: MskHandler): Promise<PollerHandle>;
  /** Runs `tripline send` in a child process; resolves to its stdout. */
  send(args: readonly string[]): Promise<string>;
  /** Reads a user's stored checkpoint. */
  checkpointOf(userId: string): Promise<Checkpoint | undefined>;
  close(): Promise<void>;
};

/** Assembles the loop with resources and a topic of its own. */
export const startLocalLoop = async (): Promise<LocalLoop> => {
  const bootstrap = required('TRIPLINE_TEST_KAFKA_BOOTSTRAP');
  const endpoint = required('TRIPLINE_TEST_AWS_ENDPOINT');
  useEmulatorCredentials(endpoint);
  const clients = createAwsClients({ endpoint, region: 'us-east-1' });
  const suffix = `-${randomUUID().slice(0, 8)}`;
  const profileApi = await startMockProfileApi();
  const receiver = await startWebhookReceiver();
  // The defaults of every deploy setting: no tripline.config.json needed.
  const deployConfig = loadLocalDeployConfig('test/e2e/no-such-file.json');
  const resources = await provisionLocal(
    clients,
    localPlanOf(deployConfig, {
      webhookUrl: `${receiver.url}/webhook`,
      suffix,
    }),
    { filtersDir: 'filters' }
  );
  const topic = `user-tracking-events${suffix}`;
  await createTopic({ bootstrap, name: topic, partitions: 4 });
  const config = functionConfigOf(deployConfig, resources, {
    profileApiUrl: profileApi.url,
  });
  const metrics = new CountingMetrics();
  const pipeline = createPipeline(config, { clients, metrics });
  const pollers: PollerHandle[] = [];

  return {
    bootstrap,
    topic,
    clients,
    config,
    pipeline,
    metrics,
    profileApi,
    receiver,
    startPoller: async (handler) => {
      const poller = await startPoller({
        settings: {
          bootstrap,
          topic,
          groupId: `tripline${suffix}`,
          batchSize: 10,
          batchingWindowMs: 100,
          retryBaseDelayMs: 100,
        },
        handler: handler ?? ((event) => pipeline.handle(event)),
        onFailure: new SqsOnFailureDestination({
          client: clients.sqs,
          queueUrl: config.quarantineQueueUrl,
        }),
      });
      pollers.push(poller);
      return poller;
    },
    send: async (args) => {
      const { stdout } = await run(
        process.execPath,
        [
          'scripts/tripline.ts',
          'send',
          '--bootstrap',
          bootstrap,
          '--topic',
          topic,
          ...args,
        ],
        { timeout: 30_000 }
      );
      return stdout;
    },
    checkpointOf: async (userId) => {
      const { Item } = await clients.dynamodb.send(
        new GetItemCommand({
          TableName: config.tableName,
          Key: { user_id: { S: userId } },
          ConsistentRead: true,
        })
      );
      const state = Item?.state?.B;
      return state ? decodeCheckpoint(state) : undefined;
    },
    close: async () => {
      for (const poller of pollers) await poller.stop();
      await receiver.close();
      await profileApi.close();
    },
  };
};
