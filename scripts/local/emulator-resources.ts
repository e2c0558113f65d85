/**
 * @module Uniquely named resources on the emulator, for tests and the bench.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { type AwsClients, createAwsClients } from '#adapters/aws-clients.ts';
import type { TriplineConfig } from '#core/config.ts';

/** The emulator endpoint the global setup started. */
export const testEndpoint = (): string => {
  const endpoint = process.env.TRIPLINE_TEST_AWS_ENDPOINT;
  if (!endpoint) throw new Error('TRIPLINE_TEST_AWS_ENDPOINT is not set');
  return endpoint;
};

/** Clients pointed at the emulator with dummy credentials. */
export const testClients = (): AwsClients => {
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  return createAwsClients({
    endpoint: testEndpoint(),
    region: 'us-east-1',
    maxAttempts: 2,
  });
};

/** A table, bus, quarantine queue and an observer queue on the bus. */
export type TestResources = {
  readonly clients: AwsClients;
  readonly config: TriplineConfig;
  /** Receives every TriggerFired event put on the bus. */
  readonly observerQueueUrl: string;
};

const createQueue = async (clients: AwsClients, name: string) => {
  const created = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: name })
  );
  if (!created.QueueUrl) throw new Error(`queue ${name} has no URL`);
  const attributes = await clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: created.QueueUrl,
      AttributeNames: ['QueueArn'],
    })
  );
  return { url: created.QueueUrl, arn: attributes.Attributes?.QueueArn ?? '' };
};

/** Creates fresh, uniquely named resources and a config that names them. */
export const createTestResources = async (
  overrides: Partial<TriplineConfig> = {}
): Promise<TestResources> => {
  const clients = testClients();
  const id = randomUUID().slice(0, 8);
  const tableName = `tripline-checkpoints-${id}`;
  const eventBusName = `tripline-${id}`;

  await clients.dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'user_id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
    })
  );
  await clients.dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
    })
  );
  const quarantine = await createQueue(clients, `tripline-quarantine-${id}`);
  const observer = await createQueue(clients, `tripline-observer-${id}`);
  await clients.eventbridge.send(
    new CreateEventBusCommand({ Name: eventBusName })
  );
  await clients.eventbridge.send(
    new PutRuleCommand({
      Name: `observe-${id}`,
      EventBusName: eventBusName,
      EventPattern: JSON.stringify({ source: ['tripline'] }),
    })
  );
  await clients.eventbridge.send(
    new PutTargetsCommand({
      Rule: `observe-${id}`,
      EventBusName: eventBusName,
      Targets: [{ Id: 'observer', Arn: observer.arn }],
    })
  );

  return {
    clients,
    observerQueueUrl: observer.url,
    config: {
      tableName,
      eventBusName,
      quarantineQueueUrl: quarantine.url,
      filtersLocation: 'filters',
      ttlMinutes: 10,
      ttlAttribute: 'expires_at',
      historyCap: 100,
      historyDetail: 'full',
      profileApiTimeoutMs: 500,
      profileApiRetries: 1,
      userConcurrency: 8,
      filterTimeoutMs: 100,
      filterReloadSeconds: 60,
      ...overrides,
    },
  };
};

/** Drains a queue until `expected` messages arrived or the time is up. */
export const drainQueue = async (
  clients: AwsClients,
  queueUrl: string,
  { expected = Number.POSITIVE_INFINITY, timeoutMs = 3000 } = {}
): Promise<Message[]> => {
  const messages: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (messages.length < expected && Date.now() < deadline) {
    const received = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      })
    );
    messages.push(...(received.Messages ?? []));
  }

  return messages;
};
