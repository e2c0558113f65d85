/**
 * @module The dashboard's layout: one row per question an operator asks.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Metric } from '#core/telemetry.ts';
import { METRIC_PERIOD, type PipelineMetrics } from './pipeline-metrics.ts';

/** What the dashboard shows. */
export type DashboardInputs = {
  readonly metrics: PipelineMetrics;
  readonly quarantineQueue: sqs.IQueue;
  readonly deadLetterQueues: ReadonlyMap<string, sqs.IQueue>;
  readonly alarms: readonly cloudwatch.IAlarm[];
};

const graph = (
  title: string,
  left: cloudwatch.IMetric[],
  right: cloudwatch.IMetric[] = []
): cloudwatch.GraphWidget =>
  new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });

/**
 * The dashboard rows: throughput, latency, lag, checkpoints, errors,
 * quarantine, profile API, actions, dead letters, the function, alarms.
 *
 * @example
 * ```ts
 * new cloudwatch.Dashboard(scope, 'Dashboard', {
 *   widgets: dashboardWidgetsOf({ metrics, quarantineQueue, deadLetterQueues, alarms }),
 * });
 * ```
 */
export const dashboardWidgetsOf = (
  inputs: DashboardInputs
): cloudwatch.IWidget[][] => {
  const { metrics } = inputs;
  const { emf } = metrics;
  const depth = (queue: sqs.IQueue, label: string): cloudwatch.Metric =>
    queue.metricApproximateNumberOfMessagesVisible({
      label,
      period: METRIC_PERIOD,
      statistic: 'Maximum',
    });

  return [
    [
      graph('Throughput (records / 5 min)', [
        emf(Metric.RECORDS_RECEIVED),
        emf(Metric.EVENTS_PROCESSED),
        emf(Metric.TRIGGERS_FIRED),
      ]),
      graph(
        'Processing latency (ms)',
        [emf(Metric.PROCESSING_MS, 'p50'), emf(Metric.PROCESSING_MS, 'p99')],
        [emf(Metric.EVENT_LAG_MS, 'p99')]
      ),
      graph('Kafka offset lag (records)', [metrics.offsetLag]),
    ],
    [
      graph('Checkpoint load / save latency (ms, p99)', [
        emf(Metric.CHECKPOINT_LOAD_MS, 'p99'),
        emf(Metric.CHECKPOINT_SAVE_MS, 'p99'),
      ]),
      graph('State size (bytes)', [
        emf(Metric.CHECKPOINT_BYTES, 'p99'),
        emf(Metric.CHECKPOINT_BYTES, 'Maximum'),
      ]),
      graph(
        'Error rate (%)',
        [metrics.errorRate],
        [
          emf(Metric.BATCH_ITEM_FAILURES),
          emf(Metric.FILTER_ERRORS),
          emf(Metric.CHECKPOINT_SAVE_FAILURES),
          emf(Metric.CHECKPOINT_CONFLICTS),
        ]
      ),
    ],
    [
      graph(
        'Quarantined records',
        [emf(Metric.RECORDS_QUARANTINED)],
        [depth(inputs.quarantineQueue, 'Quarantine queue depth')]
      ),
      graph(
        'Profile API success rate (%)',
        [metrics.profileApiSuccessRate],
        [emf(Metric.PROFILE_API_CALLS), emf(Metric.PROFILE_API_FAILURES)]
      ),
      graph('Actions emitted', [
        emf(Metric.ACTIONS_EMITTED),
        emf(Metric.ACTION_EMIT_FAILURES),
      ]),
    ],
    [
      graph(
        'Dead-letter queue depth',
        [...inputs.deadLetterQueues].map(([label, queue]) =>
          depth(queue, label)
        )
      ),
      graph(
        'Function errors and throttles',
        [metrics.functionErrors, metrics.functionThrottles],
        [metrics.functionInvocations]
      ),
      graph(
        'Function duration (p99) and concurrency',
        [metrics.functionDuration],
        [metrics.functionConcurrency]
      ),
    ],
    [
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...inputs.alarms],
        width: 24,
        height: 4,
      }),
    ],
  ];
};
