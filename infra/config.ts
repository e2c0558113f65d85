/**
 * @module Loading `tripline.config.json` and deriving the function's
 * environment from it: one source of truth for the cloud and local stacks.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { CONFIG_ENV } from '#core/config.ts';
import {
  type TriplineDeployConfig,
  triplineDeployConfigSchema,
} from './config-schema.ts';
import { DeployConfigError } from './errors.ts';

export {
  type DestinationConfig,
  type TriplineDeployConfig,
  triplineDeployConfigSchema,
} from './config-schema.ts';

/** The deploy configuration file, relative to the repository root. */
export const DEPLOY_CONFIG_FILE = 'tripline.config.json';

/** `msk.batchSize`, `destinations[0].auth.type`: a key path people read. */
const keyPathOf = (path: readonly PropertyKey[]): string =>
  path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      return index === 0 ? String(part) : `.${String(part)}`;
    })
    .join('');

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown => {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }

  return current;
};

/** One issue as `key.path: rule`, in words a user acts on. */
const describeIssue = (issue: z.core.$ZodIssue, raw: unknown): string => {
  const path = keyPathOf(issue.path);
  const key = path === '' ? '(root)' : path;
  // The schema's own messages already state the rule.
  if (issue.message.startsWith('must ') || issue.code === 'custom') {
    return `${key}: ${issue.message}`;
  }
  const list = (values: readonly unknown[]): string =>
    values.map((value) => JSON.stringify(value)).join(', ');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys
        .map((name) => `${keyPathOf([...issue.path, name])}: unknown key`)
        .join('; ');
    case 'too_big':
      return `${key}: must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'too_small':
      return `${key}: must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'invalid_type':
      if (valueAt(raw, issue.path) === undefined) return `${key}: is required`;
      return `${key}: must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `${key}: must be one of ${list(issue.values)}`;
    case 'invalid_format':
      return `${key}: must be a valid ${issue.format}`;
    case 'invalid_union': {
      const { options } = issue as { options?: readonly unknown[] };
      return options
        ? `${key}: must be one of ${list(options)}`
        : `${key}: matches none of the allowed forms`;
    }
    default:
      return `${key}: ${issue.message}`;
  }
};

/**
 * Validates a parsed configuration object. Throws a
 * {@link DeployConfigError} listing every problem as `file: key: rule`.
 *
 * @example
 * ```ts
 * const config = parseDeployConfig({ msk: { clusterArn } });
 * ```
 */
export const parseDeployConfig = (
  raw: unknown,
  file = DEPLOY_CONFIG_FILE
): TriplineDeployConfig => {
  const parsed = triplineDeployConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${file}: ${describeIssue(issue, raw)}`
    );
    throw new DeployConfigError(problems.join('\n'));
  }

  return parsed.data;
};

/**
 * Reads and validates the deploy configuration file. Throws a
 * {@link DeployConfigError} naming the key and the rule it breaks, e.g.
 * `tripline.config.json: msk.batchSize: must be ≤ 10000`.
 *
 * @example
 * ```ts
 * const config = loadDeployConfig();
 * ```
 */
export const loadDeployConfig = (
  path = DEPLOY_CONFIG_FILE
): TriplineDeployConfig => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DeployConfigError(`${path}: cannot be read`, { cause: error });
  }

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DeployConfigError(`${path}: is not valid JSON`, {
      cause: error,
    });
  }

  return parseDeployConfig(raw, path);
};

/** Names of the deployed resources the function reaches. */
export type FunctionResources = {
  readonly tableName: string;
  readonly eventBusName: string;
  readonly quarantineQueueUrl: string;
  /** `s3://bucket/prefix/` or, locally, a folder. */
  readonly filtersLocation: string;
};

/** Powertools reads these; see its environment variable reference. */
export const POWERTOOLS_ENV = {
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/**
 * The trigger function's environment: every {@link CONFIG_ENV} variable of
 * `functions/core/config.ts` plus the Powertools ones. The cloud stack and
 * the local runner both call this, so their settings cannot drift.
 *
 * @example
 * ```ts
 * const environment = functionEnvironment(config, {
 *   tableName, eventBusName, quarantineQueueUrl, filtersLocation,
 * });
 * ```
 */
export const functionEnvironment = (
  config: TriplineDeployConfig,
  resources: FunctionResources
): Record<string, string> => {
  const values: Record<keyof typeof CONFIG_ENV, string | undefined> = {
    tableName: resources.tableName,
    eventBusName: resources.eventBusName,
    quarantineQueueUrl: resources.quarantineQueueUrl,
    filtersLocation: resources.filtersLocation,
    ttlMinutes: String(config.checkpoints.ttlMinutes),
    ttlAttribute: config.checkpoints.ttlAttribute,
    historyCap: String(config.checkpoints.historyCap),
    historyDetail: config.checkpoints.historyDetail,
    profileApiUrl: config.profileApi.url,
    profileApiTimeoutMs: String(config.profileApi.timeoutMs),
    profileApiRetries: String(config.profileApi.retries),
    userConcurrency: String(config.function.userConcurrency),
    filterTimeoutMs: String(config.filters.timeoutMs),
    filterReloadSeconds: String(config.filters.reloadSeconds),
  };

  const environment: Record<string, string> = {
    [POWERTOOLS_ENV.serviceName]: config.telemetry.serviceName,
    [POWERTOOLS_ENV.logLevel]: config.function.logLevel,
    [POWERTOOLS_ENV.metricsNamespace]: config.telemetry.metricsNamespace,
  };
  for (const [key, name] of Object.entries(CONFIG_ENV)) {
    const value = values[key as keyof typeof CONFIG_ENV];
    if (value !== undefined) environment[name] = value;
  }

  return environment;
};
