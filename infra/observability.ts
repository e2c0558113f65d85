/**
 * @module The CloudWatch dashboard and alarms for the metrics the old
 * system asked operators to watch, plus Lambda's errors and throttles.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Metric } from '#core/telemetry.ts';
import type { TriplineDeployConfig } from './config.ts';
import { dashboardWidgetsOf } from './dashboard-widgets.ts';
import { METRIC_PERIOD, pipelineMetricsOf } from './pipeline-metrics.ts';
import { resourceNamesOf } from './resource-names.ts';

/** Properties of {@link Observability}. */
export interface ObservabilityProps {
  /** The validated deploy configuration. */
  readonly config: TriplineDeployConfig;
  /** The trigger function. */
  readonly function: lambda.IFunction;
  /** The quarantine queue, graphed next to the quarantined count. */
  readonly quarantineQueue: sqs.IQueue;
  /** Dead-letter queues whose depth must stay at zero, by label. */
  readonly deadLetterQueues: ReadonlyMap<string, sqs.IQueue>;
}

type AlarmSpec = {
  readonly id: string;
  readonly description: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly periods?: number;
};

const { GREATER_THAN_THRESHOLD: ABOVE, LESS_THAN_THRESHOLD: BELOW } =
  cloudwatch.ComparisonOperator;
const AT_LEAST =
  cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;

/** A dashboard, the alarms, and a topic that carries alarm notices. */
export class Observability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  /** Every alarm, by id. */
  readonly alarms: ReadonlyMap<string, cloudwatch.Alarm>;
  /** Receives every alarm and OK transition; email optional. */
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config } = props;
    const limits = config.alarms;
    const metrics = pipelineMetricsOf(config, props.function);

    // CloudWatch cannot publish to a topic under the AWS managed SNS key.
    const topicKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Tripline alarm topic',
      enableKeyRotation: true,
    });
    topicKey.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*'
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Tripline alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (limits.email !== undefined) {
      this.alarmTopic.addSubscription(
        new subscriptions.EmailSubscription(limits.email)
      );
    }

    const specs: AlarmSpec[] = [
      {
        id: 'OffsetLag',
        description: `Consumer group more than ${limits.offsetLag} records behind`,
        metric: metrics.offsetLag,
        threshold: limits.offsetLag,
        comparison: ABOVE,
        periods: 3,
      },
      {
        id: 'ErrorRate',
        description: `Over ${limits.errorRatePercent}% of records failed`,
        metric: metrics.errorRate,
        threshold: limits.errorRatePercent,
        comparison: ABOVE,
      },
      {
        id: 'ProcessingLatency',
        description: `p99 batch processing over ${limits.processingLatencyMs} ms`,
        metric: metrics.emf(Metric.PROCESSING_MS, 'p99'),
        threshold: limits.processingLatencyMs,
        comparison: ABOVE,
        periods: 3,
      },
      {
        id: 'CheckpointLoadLatency',
        description: `p99 checkpoint load over ${limits.checkpointLatencyMs} ms`,
        metric: metrics.emf(Metric.CHECKPOINT_LOAD_MS, 'p99'),
        threshold: limits.checkpointLatencyMs,
        comparison: ABOVE,
        periods: 3,
      },
      {
        id: 'CheckpointSaveLatency',
        description: `p99 checkpoint save over ${limits.checkpointLatencyMs} ms`,
        metric: metrics.emf(Metric.CHECKPOINT_SAVE_MS, 'p99'),
        threshold: limits.checkpointLatencyMs,
        comparison: ABOVE,
        periods: 3,
      },
      {
        id: 'CheckpointSize',
        description: `A checkpoint over ${limits.checkpointSizeBytes} bytes (item limit 400 KB)`,
        metric: metrics.emf(Metric.CHECKPOINT_BYTES, 'Maximum'),
        threshold: limits.checkpointSizeBytes,
        comparison: ABOVE,
      },
      {
        id: 'RecordsQuarantined',
        description: 'Records were quarantined as invalid',
        metric: metrics.emf(Metric.RECORDS_QUARANTINED),
        threshold: limits.quarantinedRecords,
        comparison: AT_LEAST,
      },
      {
        id: 'ProfileApiSuccessRate',
        description: `Profile API success under ${limits.profileApiSuccessPercent}%`,
        metric: metrics.profileApiSuccessRate,
        threshold: limits.profileApiSuccessPercent,
        comparison: BELOW,
        periods: 3,
      },
      {
        id: 'ActionEmitFailures',
        description: 'TriggerFired actions failed to reach EventBridge',
        metric: metrics.emf(Metric.ACTION_EMIT_FAILURES),
        threshold: 1,
        comparison: AT_LEAST,
      },
      {
        id: 'FunctionErrors',
        description: 'The trigger function returned errors',
        metric: metrics.functionErrors,
        threshold: 1,
        comparison: AT_LEAST,
      },
      {
        id: 'FunctionThrottles',
        description: 'The trigger function was throttled',
        metric: metrics.functionThrottles,
        threshold: 1,
        comparison: AT_LEAST,
      },
    ];
    for (const [label, queue] of props.deadLetterQueues) {
      specs.push({
        id: `DeadLetters-${label}`,
        description: `Messages waiting in dead-letter queue ${label}`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: METRIC_PERIOD,
          statistic: 'Maximum',
        }),
        threshold: 1,
        comparison: AT_LEAST,
      });
    }

    const alarms = new Map<string, cloudwatch.Alarm>();
    const notify = new actions.SnsAction(this.alarmTopic);
    for (const spec of specs) {
      const alarm = new cloudwatch.Alarm(this, spec.id, {
        alarmDescription: `Tripline: ${spec.description}`,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: spec.comparison,
        evaluationPeriods: spec.periods ?? 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      alarms.set(spec.id, alarm);
    }
    this.alarms = alarms;

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: resourceNamesOf(config.stackName).dashboardName,
      widgets: dashboardWidgetsOf({
        metrics,
        quarantineQueue: props.quarantineQueue,
        deadLetterQueues: props.deadLetterQueues,
        alarms: [...alarms.values()],
      }),
    });
  }
}
