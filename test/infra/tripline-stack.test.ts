import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { Metric } from '#core/telemetry.ts';
import {
  type Synthesized,
  synthesize,
  unacknowledgedNagErrors,
} from './tripline-template.ts';

const CLUSTER =
  'arn:aws:kafka:us-east-1:111122223333:cluster/tripline-events/' +
  '00000000-0000-0000-0000-000000000000-1';
const CLUSTER_PATH = 'tripline-events/00000000-0000-0000-0000-000000000000-1';

/** A policy statement of the trigger function's role. */
const statement = (actions: string[], resource: unknown) =>
  Match.objectLike({
    Effect: 'Allow',
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: resource,
  });

const getAtt = (logicalIdPrefix: RegExp) =>
  Match.objectEquals({
    'Fn::GetAtt': [Match.stringLikeRegexp(logicalIdPrefix.source), 'Arn'],
  });

describe('the Tripline stack with the shipped config', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthesize();
  });

  it('runs the trigger handler on Node.js 24 and arm64', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: Match.objectLike({
          TRIPLINE_TABLE_NAME: { Ref: Match.stringLikeRegexp('Checkpoints') },
          TRIPLINE_EVENT_BUS_NAME: { Ref: Match.stringLikeRegexp('Bus') },
          TRIPLINE_TTL_ATTRIBUTE: 'expires_at',
          POWERTOOLS_METRICS_NAMESPACE: 'Tripline',
        }),
      },
    });
  });

  it('points the function at the filters bucket prefix', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Environment: {
        Variables: Match.objectLike({
          TRIPLINE_FILTERS_LOCATION: {
            'Fn::Join': [
              '',
              [
                's3://',
                { Ref: Match.stringLikeRegexp('Filters') },
                '/filters/',
              ],
            ],
          },
        }),
      },
    });
  });

  it('maps the topic with partial batch responses, bisect and an on-failure bucket', () => {
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: CLUSTER,
      Topics: ['user-tracking-events'],
      AmazonManagedKafkaEventSourceConfig: {
        ConsumerGroupId: 'tripline-trigger',
      },
      StartingPosition: 'LATEST',
      BatchSize: 100,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 86_400,
      DestinationConfig: {
        OnFailure: { Destination: getAtt(/FailedRecords/) },
      },
      ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 3 },
    });
  });

  it('keeps checkpoints in an on-demand table keyed by user_id with TTL', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: {
          AttributeName: 'expires_at',
          Enabled: true,
        },
        PointInTimeRecoverySpecification: {
          PointInTimeRecoveryEnabled: true,
        },
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });

  it('quarantines invalid records in an encrypted queue kept 14 days', () => {
    synth.template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expect(
      synth.stack.resolve(synth.stack.stores.quarantineQueue.queueArn)
    ).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Quarantine/), 'Arn'] });
  });

  it('archives every TriggerFired event of the bus', () => {
    synth.template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: getAtt(/ActionsBus/),
      EventPattern: { source: ['tripline'], 'detail-type': ['TriggerFired'] },
      RetentionDays: 90,
    });
  });

  it('seeds the filters bucket from filters/ without pruning pushed files', () => {
    synth.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('Filters') },
      DestinationBucketKeyPrefix: 'filters/',
      Prune: false,
    });
  });

  it('grants the function only its table, bus, queue and filters', () => {
    synth.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('TriggerRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          statement(
            ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
            getAtt(/StoresCheckpoints/)
          ),
          statement(['events:PutEvents'], getAtt(/ActionsBus/)),
          statement(['sqs:SendMessage'], getAtt(/StoresQuarantine/)),
          statement(['s3:GetObject', 's3:GetObjectVersion'], {
            'Fn::Join': ['', [getAtt(/StoresFilters/), '/filters/*']],
          }),
        ]),
      },
    });
  });

  it('scopes Kafka access to the cluster, the topic and the group', () => {
    synth.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('TriggerRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          statement(
            [
              'kafka-cluster:Connect',
              'kafka-cluster:DescribeClusterDynamicConfiguration',
              'kafka:DescribeClusterV2',
              'kafka:GetBootstrapBrokers',
            ],
            CLUSTER
          ),
          statement(
            ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
            `arn:aws:kafka:us-east-1:111122223333:topic/${CLUSTER_PATH}/user-tracking-events`
          ),
          statement(
            ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
            `arn:aws:kafka:us-east-1:111122223333:group/${CLUSTER_PATH}/tripline-trigger`
          ),
        ]),
      },
    });
  });

  it('attaches no AWS managed policy to the function role', () => {
    synth.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } }),
        ],
      }),
      Description: Match.stringLikeRegexp('Tripline trigger function'),
      ManagedPolicyArns: Match.absent(),
    });
  });

  it('grants no kafka-cluster action on a wildcard resource', () => {
    const policies = synth.template.findResources('AWS::IAM::Policy');
    const wildcardKafka = Object.values(policies)
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((entry: { Action: string | string[]; Resource: unknown }) =>
        [entry.Action].flat().some((action) => action.startsWith('kafka'))
      )
      .filter((entry: { Resource: unknown }) =>
        JSON.stringify(entry.Resource).includes('*')
      );

    expect(wildcardKafka).toEqual([]);
  });

  it('alarms on lag, errors, latency, state, quarantine, profile API, DLQs', () => {
    // Prepare
    const expected = [
      'OffsetLag',
      Metric.PROCESSING_MS,
      Metric.CHECKPOINT_LOAD_MS,
      Metric.CHECKPOINT_SAVE_MS,
      Metric.CHECKPOINT_BYTES,
      Metric.RECORDS_QUARANTINED,
      Metric.ACTION_EMIT_FAILURES,
      'Errors',
      'Throttles',
      'ApproximateNumberOfMessagesVisible',
    ];

    // Act
    const alarms = Object.values(
      synth.template.findResources('AWS::CloudWatch::Alarm')
    );
    const names = alarms.map((alarm) => alarm.Properties.MetricName);
    const expressions = alarms.flatMap((alarm) =>
      (alarm.Properties.Metrics ?? []).map(
        (metric: { Expression?: string }) => metric.Expression
      )
    );

    // Assess
    expect(names).toEqual(expect.arrayContaining(expected));
    expect(expressions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('100 * failed / received'),
        expect.stringContaining('100 * (calls - failures) / calls'),
      ])
    );
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OffsetLag',
      Namespace: 'AWS/Lambda',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
  });

  it('draws the pipeline dashboard', () => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'Tripline-pipeline',
    });
  });

  it('leaves no cdk-nag AwsSolutions error unacknowledged', () => {
    expect(unacknowledgedNagErrors(synth.stack)).toEqual([]);
  });

  it('gives every acknowledged cdk-nag finding a specific reason', () => {
    // Act
    const acknowledged = synth.stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter(
        (entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY
      )
      .flatMap((entry) => Object.entries(entry.data as object));

    // Assess
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledged) {
      expect(id).toMatch(/AwsSolutions-/);
      expect(String(reason).length).toBeGreaterThan(60);
    }
  });
});
