/**
 * @module Creating, on an emulator (or any endpoint), the resources the
 * function needs: checkpoint table with TTL, event bus, webhook rules with
 * their connection and API destination, quarantine queue and filters
 * bucket. Every step can run again: it creates or updates.
 */
import { basename } from 'node:path';
import {
  CreateTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-eventbridge';
import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '#adapters/aws-clients.ts';
import { readTriggerSources } from '#adapters/folder-filter-files.ts';
import { filtersLocationOf } from '#infra/resource-names.ts';
import { ensureWebhookDestination } from './webhook-destination.ts';

/** An EventBridge input transformer: how a webhook body is shaped. */
export type InputTransformer = {
  readonly InputPathsMap: Record<string, string>;
  readonly InputTemplate: string;
};

/** One webhook: the `TriggerFired` events a pattern matches, POSTed. */
export type WebhookPlan = {
  /** Rule, connection and API destination name part. */
  readonly name: string;
  readonly endpoint: string;
  /** The rule's event pattern. */
  readonly pattern: Readonly<Record<string, unknown>>;
  readonly inputTransformer: InputTransformer;
};

/** The resource names and settings to create. */
export type LocalResourcePlan = {
  readonly tableName: string;
  readonly ttlAttribute: string;
  readonly eventBusName: string;
  readonly quarantineQueueName: string;
  readonly filtersBucket: string;
  /** Key prefix of the filters, ending in `/`. */
  readonly filtersPrefix: string;
  readonly webhooks: readonly WebhookPlan[];
};

/** What exists after provisioning: enough to configure the function. */
export type ProvisionedResources = {
  readonly tableName: string;
  readonly eventBusName: string;
  readonly quarantineQueueUrl: string;
  /** `s3://bucket/prefix/`, the function's `filtersLocation`. */
  readonly filtersLocation: string;
  readonly filtersUploaded: readonly string[];
  readonly webhookRules: readonly string[];
};

const ensureTable = async (
  clients: AwsClients,
  plan: LocalResourcePlan
): Promise<void> => {
  try {
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: plan.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'user_id', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
      })
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    return;
  }
  await clients.dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: plan.tableName,
      TimeToLiveSpecification: {
        AttributeName: plan.ttlAttribute,
        Enabled: true,
      },
    })
  );
};

const ensureBus = async (clients: AwsClients, name: string): Promise<void> => {
  try {
    await clients.eventbridge.send(new CreateEventBusCommand({ Name: name }));
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) throw error;
  }
};

const ensureQueue = async (
  clients: AwsClients,
  name: string
): Promise<string> => {
  const created = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: name })
  );
  if (!created.QueueUrl) throw new Error(`queue ${name} returned no URL`);

  return created.QueueUrl;
};

/** Uploads every `*.jsonata` of `filtersDir` under the prefix. */
const uploadFilters = async (
  clients: AwsClients,
  plan: LocalResourcePlan,
  filtersDir: string
): Promise<string[]> => {
  try {
    await clients.s3.send(
      new CreateBucketCommand({ Bucket: plan.filtersBucket })
    );
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  }
  const sources = await readTriggerSources(filtersDir);
  await Promise.all(
    sources.map((filter) =>
      clients.s3.send(
        new PutObjectCommand({
          Bucket: plan.filtersBucket,
          Key: `${plan.filtersPrefix}${basename(filter.file)}`,
          Body: filter.source,
          ContentType: 'text/plain; charset=utf-8',
        })
      )
    )
  );
  const names = sources.map((filter) => basename(filter.file));

  return names;
};

const ensureWebhookRule = async (
  clients: AwsClients,
  plan: LocalResourcePlan,
  webhook: WebhookPlan
): Promise<string> => {
  const destinationArn = await ensureWebhookDestination(clients, webhook);
  const rule = `tripline-webhook-${webhook.name}`;
  await clients.eventbridge.send(
    new PutRuleCommand({
      Name: rule,
      EventBusName: plan.eventBusName,
      EventPattern: JSON.stringify(webhook.pattern),
      State: 'ENABLED',
    })
  );
  await clients.eventbridge.send(
    new PutTargetsCommand({
      Rule: rule,
      EventBusName: plan.eventBusName,
      Targets: [
        {
          Id: 'webhook',
          Arn: destinationArn,
          // Real AWS requires a role for API destinations; emulators ignore it.
          RoleArn: 'arn:aws:iam::000000000000:role/tripline-local-webhooks',
          InputTransformer: webhook.inputTransformer,
        },
      ],
    })
  );

  return rule;
};

/**
 * Creates or updates every resource of the plan and uploads the filters.
 *
 * @example
 * ```ts
 * const resources = await provisionLocal(clients, plan, { filtersDir: 'filters' });
 * ```
 */
export const provisionLocal = async (
  clients: AwsClients,
  plan: LocalResourcePlan,
  { filtersDir }: { readonly filtersDir: string }
): Promise<ProvisionedResources> => {
  await ensureTable(clients, plan);
  await ensureBus(clients, plan.eventBusName);
  const quarantineQueueUrl = await ensureQueue(
    clients,
    plan.quarantineQueueName
  );
  const filtersUploaded = await uploadFilters(clients, plan, filtersDir);
  const webhookRules: string[] = [];
  for (const webhook of plan.webhooks) {
    webhookRules.push(await ensureWebhookRule(clients, plan, webhook));
  }

  return {
    tableName: plan.tableName,
    eventBusName: plan.eventBusName,
    quarantineQueueUrl,
    filtersLocation: filtersLocationOf(plan.filtersBucket, plan.filtersPrefix),
    filtersUploaded,
    webhookRules,
  };
};
