/**
 * @module The schema of `tripline.config.json`, the one deploy configuration.
 */
import * as z from 'zod';
import { destinationSchema, routeSchema } from './destination-schema.ts';

/** A CloudFormation stack name short enough to prefix every resource name. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,19}$/;

/** `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`. */
const MSK_CLUSTER_ARN =
  /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9-]{1,64}\/[A-Za-z0-9-]+$/;

/** Lambda's rule for a Kafka consumer group id. */
const CONSUMER_GROUP_ID = /^[a-zA-Z0-9-/*:_+=.@]{1,200}$/;

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
  2192, 2557, 2922, 3288, 3653,
] as const;

const int = () => z.number().int();
const mskSchema = z
  .object({
    /** `import` an existing cluster, or create an MSK Serverless one. */
    mode: z.enum(['import', 'serverless']).default('import'),
    /** Required when `mode` is `import`. */
    clusterArn: z
      .string()
      .regex(
        MSK_CLUSTER_ARN,
        'must be an MSK cluster ARN: arn:aws:kafka:<region>:<account>:cluster/<name>/<id>'
      )
      .optional(),
    topic: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,249}$/, 'must be a Kafka topic name')
      .default('user-tracking-events'),
    consumerGroupId: z
      .string()
      .regex(
        CONSUMER_GROUP_ID,
        'must be 1-200 of a-z A-Z 0-9 - / * : _ + = . @'
      )
      .default('tripline-trigger'),
    startingPosition: z.enum(['LATEST', 'TRIM_HORIZON']).default('LATEST'),
    batchSize: int().min(1).max(10_000).default(100),
    maxBatchingWindowSeconds: int().min(0).max(300).default(1),
    /** -1 retries until the record expires from the topic. */
    retryAttempts: int().min(-1).max(10_000).default(5),
    /** -1 keeps a record however old; else 60 s to 7 days. */
    maxRecordAgeSeconds: z
      .union([z.literal(-1), int().min(60).max(604_800)])
      .default(86_400),
    bisectBatchOnError: z.boolean().default(true),
    /** Where a record that keeps failing is kept. */
    onFailure: z.enum(['s3', 'sqs']).default('s3'),
    /** Kafka error handling (retries, bisect, partial batch) needs these. */
    provisionedPollers: z
      .object({
        minimum: int().min(1).max(200),
        maximum: int().min(1).max(2000),
      })
      .strict()
      .default({ minimum: 1, maximum: 3 }),
    /** Only for `serverless`: the VPC created around the cluster. */
    serverless: z
      .object({
        vpcCidr: z.cidrv4().default('10.42.0.0/16'),
        maxAzs: int().min(2).max(3).default(2),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The deploy configuration schema; unknown keys are rejected. */
export const triplineDeployConfigSchema = z
  .object({
    /** For every store that holds data: table, buckets, quarantine. */
    removalPolicy: z.enum(['retain', 'destroy']).default('retain'),
    stackName: z
      .string()
      .regex(STACK_NAME, 'must be a letter then up to 19 letters, digits or -')
      .default('Tripline'),
    env: z
      .object({
        account: z
          .string()
          .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
          .optional(),
        region: z
          .string()
          .regex(
            /^[a-z]{2}(-[a-z]+)+-\d$/,
            'must be an AWS region, e.g. us-east-1'
          )
          .optional(),
      })
      .strict()
      .prefault({}),
    msk: mskSchema,
    function: z
      .object({
        memoryMb: int().min(128).max(10_240).default(1024),
        timeoutSeconds: int().min(1).max(900).default(60),
        reservedConcurrency: int().min(1).max(10_000).optional(),
        logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
        logRetentionDays: z.literal(LOG_RETENTION_DAYS).default(30),
        userConcurrency: int().min(1).max(256).default(16),
      })
      .strict()
      .prefault({}),
    telemetry: z
      .object({
        serviceName: z.string().min(1).max(64).default('tripline'),
        metricsNamespace: z
          .string()
          .regex(/^[A-Za-z0-9._/#:-]{1,255}$/, 'must be a CloudWatch namespace')
          .default('Tripline'),
      })
      .strict()
      .prefault({}),
    checkpoints: z
      .object({
        ttlMinutes: int()
          .min(1)
          .max(60 * 24 * 365)
          .default(10),
        ttlAttribute: z
          .string()
          .regex(
            /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
            'must be a DynamoDB attribute name'
          )
          .default('expires_at'),
        historyCap: int().min(1).max(1000).default(100),
        historyDetail: z.enum(['full', 'utm', 'minimal']).default('full'),
      })
      .strict()
      .prefault({}),
    profileApi: z
      .object({
        url: z.url({ protocol: /^https?$/ }).optional(),
        timeoutMs: int().min(1).max(60_000).default(5000),
        retries: int().min(0).max(10).default(3),
      })
      .strict()
      .prefault({}),
    filters: z
      .object({
        /** Local folder uploaded to the filters bucket at deploy. */
        source: z.string().min(1).default('filters'),
        prefix: z
          .string()
          .regex(
            /^([A-Za-z0-9._-]+\/)*$/,
            'must be empty or end with "/", e.g. filters/'
          )
          .default('filters/'),
        reloadSeconds: int().min(0).max(86_400).default(60),
        timeoutMs: int().min(1).max(10_000).default(100),
      })
      .strict()
      .prefault({}),
    destinations: z.array(destinationSchema).max(50).default([]),
    /** Without routes, every trigger goes to the first destination. */
    routes: z.array(routeSchema).max(300).default([]),
    quarantine: z
      .object({ retentionDays: int().min(1).max(14).default(14) })
      .strict()
      .prefault({}),
    archive: z
      .object({ retentionDays: int().min(0).max(3650).default(90) })
      .strict()
      .prefault({}),
    alarms: z
      .object({
        email: z.email().optional(),
        offsetLag: int().min(1).default(10_000),
        errorRatePercent: z.number().min(0).max(100).default(1),
        processingLatencyMs: int().min(1).default(10_000),
        checkpointLatencyMs: int().min(1).default(200),
        /** DynamoDB's item limit is 400 KB; warn well before it. */
        checkpointSizeBytes: int().min(1).max(409_600).default(300_000),
        profileApiSuccessPercent: z.number().min(0).max(100).default(95),
        /** Quarantined records per 5 minutes; invalid data is never lost. */
        quarantinedRecords: int().min(1).default(1),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, context) => {
    const { msk } = config;
    if (msk.mode === 'import' && msk.clusterArn === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['msk', 'clusterArn'],
        message: 'is required when msk.mode is "import"',
      });
    }
    if (msk.mode === 'serverless' && msk.clusterArn !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['msk', 'clusterArn'],
        message: 'must be left out when msk.mode is "serverless"',
      });
    }
    const clusterRegion = msk.clusterArn?.split(':')[3];
    const { region } = config.env;
    if (region && clusterRegion && region !== clusterRegion) {
      context.addIssue({
        code: 'custom',
        path: ['env', 'region'],
        message:
          `must be the cluster's region (${clusterRegion}): ` +
          'the mapping cannot cross regions',
      });
    }
    if (msk.provisionedPollers.minimum > msk.provisionedPollers.maximum) {
      context.addIssue({
        code: 'custom',
        path: ['msk', 'provisionedPollers', 'minimum'],
        message: 'must be ≤ msk.provisionedPollers.maximum',
      });
    }

    const names = new Set<string>();
    config.destinations.forEach((destination, index) => {
      if (names.has(destination.name)) {
        context.addIssue({
          code: 'custom',
          path: ['destinations', index, 'name'],
          message: `must be unique; "${destination.name}" is used twice`,
        });
      }
      names.add(destination.name);
    });
    config.routes.forEach((route, index) => {
      if (!names.has(route.destination)) {
        context.addIssue({
          code: 'custom',
          path: ['routes', index, 'destination'],
          message: `must name one of destinations[].name; got "${route.destination}"`,
        });
      }
    });
  });

/** The validated deploy configuration, defaults filled in. */
export type TriplineDeployConfig = z.infer<typeof triplineDeployConfigSchema>;

/** One webhook destination of the deploy configuration. */
export type DestinationConfig = TriplineDeployConfig['destinations'][number];
