/**
 * @module The local poller's settings: the event source mapping options
 * it reproduces, with Lambda's defaults for Amazon MSK.
 */
import * as z from 'zod';
import { LOCAL_EVENT_SOURCE_ARN } from './msk-event.ts';

/** The settings schema; unknown keys are rejected to catch typos. */
export const pollerSettingsSchema = z
  .object({
    /** `host:port` of a broker. */
    bootstrap: z.string().min(3),
    topic: z.string().min(1).default('user-tracking-events'),
    /** The consumer group: the mapping's `KafkaConsumerGroupId`. */
    groupId: z.string().min(1).default('tripline-local'),
    /** Lambda's default and maximum for MSK are 100 and 10,000. */
    batchSize: z.number().int().min(1).max(10_000).default(100),
    /** Lambda's default window for Kafka sources is 500 ms. */
    batchingWindowMs: z.number().int().min(0).max(300_000).default(500),
    /**
     * Retries after the first invocation; -1 is infinite. As in Lambda,
     * infinite becomes 10 when an on-failure destination is set.
     */
    maxRetryAttempts: z.number().int().min(-1).max(10_000).default(-1),
    /** Records older than this go to the destination; -1 is infinite. */
    maxRecordAgeSeconds: z.number().int().min(-1).max(604_800).default(-1),
    bisectBatchOnFunctionError: z.boolean().default(false),
    reportBatchItemFailures: z.boolean().default(true),
    /** Where to start when the group has no committed offset. */
    startingPosition: z
      .enum(['TRIM_HORIZON', 'LATEST'])
      .default('TRIM_HORIZON'),
    /** First retry delay; doubles each retry up to `retryMaxDelayMs`. */
    retryBaseDelayMs: z.number().int().min(0).default(500),
    retryMaxDelayMs: z.number().int().min(0).default(30_000),
    eventSourceArn: z.string().min(1).default(LOCAL_EVENT_SOURCE_ARN),
  })
  .strict();

/** Settings as given: everything but `bootstrap` has a default. */
export type PollerSettingsInput = z.input<typeof pollerSettingsSchema>;

/** Validated poller settings. */
export type PollerSettings = z.output<typeof pollerSettingsSchema>;

/**
 * Validates the settings. Throws with every key that breaks its rule.
 */
export const parsePollerSettings = (
  input: PollerSettingsInput
): PollerSettings => {
  const parsed = pollerSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`
    );
    throw new Error(`Invalid poller settings: ${problems.join('; ')}`);
  }

  return parsed.data;
};

/** Lambda's retry cap when retries are infinite and a destination is set. */
const DESTINATION_RETRY_CAP = 10;

/** The retries allowed, `Infinity` for none, given a destination or not. */
export const effectiveMaxRetries = (
  settings: PollerSettings,
  hasDestination: boolean
): number => {
  if (settings.maxRetryAttempts >= 0) return settings.maxRetryAttempts;

  return hasDestination ? DESTINATION_RETRY_CAP : Number.POSITIVE_INFINITY;
};

/** The delay before retry number `attempt` (1-based). */
export const retryDelayMs = (
  settings: PollerSettings,
  attempt: number
): number =>
  Math.min(
    settings.retryMaxDelayMs,
    settings.retryBaseDelayMs * 2 ** Math.max(0, attempt - 1)
  );
