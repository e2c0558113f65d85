/**
 * @module The Lambda handler for the Amazon MSK event source mapping.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { createAwsClients } from '#adapters/aws-clients.ts';
import { readConfig } from '#core/config.ts';
import type { KafkaBatchResponse, MskEvent } from '#core/msk.ts';
import type { MetricsPort } from '#core/telemetry.ts';
import { createPipeline } from './pipeline.ts';

const logger = new Logger();
const metrics = new Metrics();
const tracer = new Tracer();

const config = readConfig(process.env);
const clients = createAwsClients();
for (const client of Object.values(clients)) tracer.captureAWSv3Client(client);

const UNITS = {
  Count: MetricUnit.Count,
  Milliseconds: MetricUnit.Milliseconds,
  Bytes: MetricUnit.Bytes,
} as const;

const emfMetrics: MetricsPort = {
  add: (name, unit, value) => metrics.addMetric(name, UNITS[unit], value),
};

const pipeline = createPipeline(config, {
  clients,
  logger,
  metrics: emfMetrics,
});

const handleBatch = (event: MskEvent): Promise<KafkaBatchResponse> =>
  pipeline.handle(event);

/** Entry point: `ReportBatchItemFailures` must be on for the mapping. */
export const handler = middy(handleBatch)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
