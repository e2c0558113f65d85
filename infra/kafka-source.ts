/**
 * @module The MSK event source mapping and the Kafka permissions of the
 * function's role, scoped to one cluster, topic and consumer group.
 */
import { Duration, Fn, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { TriplineDeployConfig } from './config.ts';
import type { FailedRecordsStore } from './data-stores.ts';

/** The ARNs IAM auth checks for one topic and one consumer group. */
export type KafkaResourceArns = {
  readonly cluster: string;
  readonly topic: string;
  readonly group: string;
};

/**
 * Topic and group ARNs share the cluster ARN's `name/uuid`:
 * `arn:aws:kafka:<region>:<account>:topic/<name>/<uuid>/<topic>`.
 *
 * @example
 * ```ts
 * kafkaResourceArnsOf(clusterArn, 'user-tracking-events', 'tripline');
 * ```
 */
export const kafkaResourceArnsOf = (
  clusterArn: string,
  topic: string,
  group: string
): KafkaResourceArns => {
  const separator = ':cluster/';
  const [head, tail] = Token.isUnresolved(clusterArn)
    ? [
        Fn.select(0, Fn.split(separator, clusterArn)),
        Fn.select(1, Fn.split(separator, clusterArn)),
      ]
    : clusterArn.split(separator);

  return {
    cluster: clusterArn,
    topic: `${head}:topic/${tail}/${topic}`,
    group: `${head}:group/${tail}/${group}`,
  };
};

/**
 * Keeps a failed batch in S3 with only the two permissions Lambda needs
 * (s3:PutObject, s3:ListBucket); the stock destination grants read/write.
 */
class FailedBatchBucket implements lambda.IEventSourceDlq {
  readonly #bucket: s3.IBucket;

  constructor(bucket: s3.IBucket) {
    this.#bucket = bucket;
  }

  bind(
    _target: lambda.IEventSourceMapping,
    targetHandler: lambda.IFunction
  ): lambda.DlqDestinationConfig {
    targetHandler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.#bucket.bucketArn],
      })
    );
    targetHandler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.#bucket.arnForObjects('*')],
      })
    );

    return { destination: this.#bucket.bucketArn };
  }
}

/** Properties of {@link KafkaSource}. */
export interface KafkaSourceProps {
  /** The validated deploy configuration. */
  readonly config: TriplineDeployConfig;
  /** The MSK cluster's ARN (imported, or the serverless cluster's). */
  readonly clusterArn: string;
  /** The function the mapping invokes; its role gets the permissions. */
  readonly target: lambda.IFunction;
  /** Where a batch that keeps failing is kept. */
  readonly failedRecords: FailedRecordsStore;
}

/**
 * The event source mapping: IAM auth, partial batch responses, bisect on
 * error, bounded retries and record age, an on-failure destination, and
 * provisioned pollers (Kafka error handling needs provisioned mode).
 *
 * It is the same `EventSourceMapping` that `ManagedKafkaEventSource`
 * builds, without that class's `AWSLambdaMSKExecutionRole` managed policy,
 * which allows kafka and logs actions on every resource.
 */
export class KafkaSource extends Construct {
  /** The mapping. */
  readonly mapping: lambda.EventSourceMapping;
  /** The ARNs the function's role may use. */
  readonly arns: KafkaResourceArns;

  constructor(scope: Construct, id: string, props: KafkaSourceProps) {
    super(scope, id);
    const { msk } = props.config;
    this.arns = kafkaResourceArnsOf(
      props.clusterArn,
      msk.topic,
      msk.consumerGroupId
    );

    // The mapping's pollers act with the function's role.
    const statements = [
      {
        actions: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'],
        resources: [this.arns.cluster],
      },
      {
        actions: [
          'kafka-cluster:Connect',
          'kafka-cluster:DescribeClusterDynamicConfiguration',
        ],
        resources: [this.arns.cluster],
      },
      {
        actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
        resources: [this.arns.topic],
      },
      {
        actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
        resources: [this.arns.group],
      },
      {
        // Pollers attach network interfaces in the cluster's subnets.
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DeleteNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
        ],
        resources: ['*'],
      },
    ];
    for (const statement of statements) {
      props.target.addToRolePolicy(new iam.PolicyStatement(statement));
    }

    const { failedRecords } = props;
    const onFailure =
      failedRecords.kind === 's3'
        ? new FailedBatchBucket(failedRecords.bucket)
        : new SqsDlq(failedRecords.queue);

    this.mapping = new lambda.EventSourceMapping(this, 'Mapping', {
      target: props.target,
      eventSourceArn: props.clusterArn,
      kafkaTopic: msk.topic,
      kafkaConsumerGroupId: msk.consumerGroupId,
      startingPosition: lambda.StartingPosition[msk.startingPosition],
      batchSize: msk.batchSize,
      maxBatchingWindow: Duration.seconds(msk.maxBatchingWindowSeconds),
      reportBatchItemFailures: true,
      bisectBatchOnError: msk.bisectBatchOnError,
      retryAttempts: msk.retryAttempts,
      ...(msk.maxRecordAgeSeconds === -1
        ? {}
        : { maxRecordAge: Duration.seconds(msk.maxRecordAgeSeconds) }),
      onFailure,
      provisionedPollerConfig: {
        minimumPollers: msk.provisionedPollers.minimum,
        maximumPollers: msk.provisionedPollers.maximum,
      },
    });
  }
}
