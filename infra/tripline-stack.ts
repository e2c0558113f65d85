/**
 * @module The Tripline stack: everything `cdk deploy` creates.
 */
import { join } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ActionRouting } from './action-routing.ts';
import { functionEnvironment, type TriplineDeployConfig } from './config.ts';
import { DataStores } from './data-stores.ts';
import { DeployConfigError } from './errors.ts';
import { KafkaSource } from './kafka-source.ts';
import { Observability } from './observability.ts';
import { filtersLocationOf } from './resource-names.ts';
import { ServerlessCluster } from './serverless-cluster.ts';
import { REPO_ROOT, TriggerFunction } from './trigger-function.ts';

/** Properties of {@link TriplineStack}. */
export interface TriplineStackProps extends StackProps {
  /** The validated deploy configuration. */
  readonly config: TriplineDeployConfig;
}

/**
 * MSK → trigger function → DynamoDB checkpoints, SQS quarantine and the
 * EventBridge bus → webhook destinations, with a dashboard and alarms.
 *
 * @example
 * ```ts
 * new TriplineStack(app, 'Tripline', { config: loadDeployConfig() });
 * ```
 */
export class TriplineStack extends Stack {
  readonly stores: DataStores;
  readonly routing: ActionRouting;
  readonly trigger: TriggerFunction;
  readonly kafka: KafkaSource;
  readonly serverlessCluster: ServerlessCluster | undefined;
  readonly observability: Observability;
  /** The configuration the stack was built from. */
  readonly config: TriplineDeployConfig;

  constructor(scope: Construct, id: string, props: TriplineStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;

    this.stores = new DataStores(this, 'Stores', {
      config,
      filtersSource: join(REPO_ROOT, config.filters.source),
    });
    this.routing = new ActionRouting(this, 'Actions', { config });

    const { table, quarantineQueue, filtersBucket } = this.stores;
    const filtersLocation = filtersLocationOf(
      filtersBucket.bucketName,
      config.filters.prefix
    );
    this.trigger = new TriggerFunction(this, 'Trigger', {
      config,
      environment: functionEnvironment(config, {
        tableName: table.tableName,
        eventBusName: this.routing.bus.eventBusName,
        quarantineQueueUrl: quarantineQueue.queueUrl,
        filtersLocation,
      }),
    });
    const fn = this.trigger.function;

    const statements = [
      {
        actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
        resources: [table.tableArn],
      },
      {
        actions: ['events:PutEvents'],
        resources: [this.routing.bus.eventBusArn],
      },
      {
        actions: ['sqs:SendMessage'],
        resources: [quarantineQueue.queueArn],
      },
      {
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: [filtersBucket.bucketArn],
      },
      {
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [filtersBucket.arnForObjects(`${config.filters.prefix}*`)],
      },
    ];
    for (const statement of statements) {
      fn.addToRolePolicy(new iam.PolicyStatement(statement));
    }

    if (config.msk.mode === 'serverless') {
      this.serverlessCluster = new ServerlessCluster(this, 'Msk', { config });
    }
    const clusterArn =
      this.serverlessCluster?.cluster.attrArn ?? config.msk.clusterArn;
    if (clusterArn === undefined) {
      throw new DeployConfigError(
        'msk.clusterArn: is required when msk.mode is "import"'
      );
    }
    const { failedRecords } = this.stores;
    this.kafka = new KafkaSource(this, 'Kafka', {
      config,
      clusterArn,
      target: fn,
      failedRecords,
    });

    const deadLetterQueues = new Map<string, sqs.IQueue>();
    for (const [name, destination] of this.routing.destinations) {
      deadLetterQueues.set(`webhook-${name}`, destination.deadLetterQueue);
    }
    if (failedRecords.kind === 'sqs') {
      deadLetterQueues.set('failed-records', failedRecords.queue);
    }
    this.observability = new Observability(this, 'Observability', {
      config,
      function: fn,
      quarantineQueue,
      deadLetterQueues,
    });

    const outputs: Record<string, string> = {
      FunctionName: fn.functionName,
      TableName: table.tableName,
      EventBusName: this.routing.bus.eventBusName,
      QuarantineQueueUrl: quarantineQueue.queueUrl,
      FiltersLocation: filtersLocation,
      FailedRecords:
        failedRecords.kind === 's3'
          ? `s3://${failedRecords.bucket.bucketName}`
          : failedRecords.queue.queueUrl,
      DashboardName: this.observability.dashboard.dashboardName,
      AlarmTopicArn: this.observability.alarmTopic.topicArn,
      KafkaClusterArn: clusterArn,
    };
    for (const [name, value] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value });
    }
  }
}
