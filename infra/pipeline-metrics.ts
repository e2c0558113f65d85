/**
 * @module CloudWatch metrics of the pipeline: the EMF metrics the function
 * emits (names from `functions/core/telemetry.ts`) and Lambda's own.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Metric, type MetricName } from '#core/telemetry.ts';
import type { TriplineDeployConfig } from './config.ts';

/** The period of every metric and alarm. */
export const METRIC_PERIOD = Duration.minutes(5);

/** The metrics the dashboard and the alarms share. */
export type PipelineMetrics = {
  /** Any EMF metric of the function, by name and statistic. */
  readonly emf: (name: MetricName, statistic?: string) => cloudwatch.Metric;
  /** % of received records the function reported as failed. */
  readonly errorRate: cloudwatch.MathExpression;
  /** % of profile API calls that succeeded. */
  readonly profileApiSuccessRate: cloudwatch.MathExpression;
  /** How far the consumer group is behind the topic (records). */
  readonly offsetLag: cloudwatch.Metric;
  readonly functionErrors: cloudwatch.Metric;
  readonly functionThrottles: cloudwatch.Metric;
  readonly functionInvocations: cloudwatch.Metric;
  readonly functionDuration: cloudwatch.Metric;
  readonly functionConcurrency: cloudwatch.Metric;
};

/**
 * The pipeline's metrics. EMF metrics carry Powertools' `service`
 * dimension; Lambda's carry `FunctionName`.
 *
 * @example
 * ```ts
 * const metrics = pipelineMetricsOf(config, fn);
 * metrics.emf(Metric.PROCESSING_MS, 'p99');
 * ```
 */
export const pipelineMetricsOf = (
  config: TriplineDeployConfig,
  fn: lambda.IFunction
): PipelineMetrics => {
  const emf = (name: MetricName, statistic = 'Sum'): cloudwatch.Metric =>
    new cloudwatch.Metric({
      namespace: config.telemetry.metricsNamespace,
      metricName: name,
      dimensionsMap: { service: config.telemetry.serviceName },
      statistic,
      period: METRIC_PERIOD,
    });
  const lambdaMetric = (name: string, statistic = 'Sum'): cloudwatch.Metric =>
    fn.metric(name, { statistic, period: METRIC_PERIOD });

  return {
    emf,
    errorRate: new cloudwatch.MathExpression({
      label: 'Error rate (%)',
      expression: 'IF(received > 0, 100 * failed / received, 0)',
      usingMetrics: {
        failed: emf(Metric.BATCH_ITEM_FAILURES),
        received: emf(Metric.RECORDS_RECEIVED),
      },
      period: METRIC_PERIOD,
    }),
    profileApiSuccessRate: new cloudwatch.MathExpression({
      label: 'Profile API success (%)',
      expression: 'IF(calls > 0, 100 * (calls - failures) / calls, 100)',
      usingMetrics: {
        calls: emf(Metric.PROFILE_API_CALLS),
        failures: emf(Metric.PROFILE_API_FAILURES),
      },
      period: METRIC_PERIOD,
    }),
    offsetLag: lambdaMetric('OffsetLag', 'Maximum'),
    functionErrors: fn.metricErrors({ period: METRIC_PERIOD }),
    functionThrottles: fn.metricThrottles({ period: METRIC_PERIOD }),
    functionInvocations: fn.metricInvocations({ period: METRIC_PERIOD }),
    functionDuration: fn.metricDuration({
      period: METRIC_PERIOD,
      statistic: 'p99',
    }),
    functionConcurrency: lambdaMetric('ConcurrentExecutions', 'Maximum'),
  };
};
