/**
 * @module The function's one typed configuration, read from the environment.
 */
import * as z from 'zod';
import { ConfigError } from './errors.ts';

const positiveInt = z.coerce.number().int().positive();

/** The configuration schema; every key has a default or is required. */
export const triplineConfigSchema = z
  .object({
    tableName: z.string().min(3),
    eventBusName: z.string().min(1),
    quarantineQueueUrl: z.url(),
    /** `s3://bucket/prefix/` or a local folder. */
    filtersLocation: z.string().min(1).default('filters'),
    ttlMinutes: positiveInt.max(60 * 24 * 365).default(10),
    ttlAttribute: z.string().min(1).default('expires_at'),
    historyCap: positiveInt.max(1000).default(100),
    historyDetail: z.enum(['full', 'utm', 'minimal']).default('full'),
    profileApiUrl: z.url().optional(),
    profileApiTimeoutMs: positiveInt.max(60_000).default(5000),
    profileApiRetries: z.coerce.number().int().min(0).max(10).default(3),
    userConcurrency: positiveInt.max(256).default(16),
    filterTimeoutMs: positiveInt.max(10_000).default(100),
    filterReloadSeconds: z.coerce.number().int().min(0).default(60),
  })
  .strict();

/** Tripline's validated configuration. */
export type TriplineConfig = z.infer<typeof triplineConfigSchema>;

/** The environment variable behind each configuration key. */
export const CONFIG_ENV = {
  tableName: 'TRIPLINE_TABLE_NAME',
  eventBusName: 'TRIPLINE_EVENT_BUS_NAME',
  quarantineQueueUrl: 'TRIPLINE_QUARANTINE_QUEUE_URL',
  filtersLocation: 'TRIPLINE_FILTERS_LOCATION',
  ttlMinutes: 'TRIPLINE_TTL_MINUTES',
  ttlAttribute: 'TRIPLINE_TTL_ATTRIBUTE',
  historyCap: 'TRIPLINE_HISTORY_CAP',
  historyDetail: 'TRIPLINE_HISTORY_DETAIL',
  profileApiUrl: 'TRIPLINE_PROFILE_API_URL',
  profileApiTimeoutMs: 'TRIPLINE_PROFILE_API_TIMEOUT_MS',
  profileApiRetries: 'TRIPLINE_PROFILE_API_RETRIES',
  userConcurrency: 'TRIPLINE_USER_CONCURRENCY',
  filterTimeoutMs: 'TRIPLINE_FILTER_TIMEOUT_MS',
  filterReloadSeconds: 'TRIPLINE_FILTER_RELOAD_SECONDS',
} as const satisfies Record<keyof TriplineConfig, string>;

/**
 * Reads and validates the configuration from environment variables.
 * Throws a {@link ConfigError} naming each variable that is missing or
 * breaks its rule.
 *
 * @example
 * ```ts
 * const config = readConfig(process.env);
 * ```
 */
export const readConfig = (
  env: Readonly<Record<string, string | undefined>>
): TriplineConfig => {
  const raw: Record<string, string> = {};
  for (const [key, name] of Object.entries(CONFIG_ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }

  const parsed = triplineConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof typeof CONFIG_ENV;
      const name = CONFIG_ENV[key] ?? key;
      return issue.code === 'invalid_type' && raw[key] === undefined
        ? `Environment variable ${name} is required`
        : `Environment variable ${name}: ${issue.message}`;
    });
    throw new ConfigError(problems.join('; '));
  }

  return parsed.data;
};
