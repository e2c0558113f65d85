/**
 * @module The local loop read from the deploy configuration the CDK app
 * reads (`tripline.config.json`): resource names, webhook rules and their
 * body, the function's environment and the event source mapping's
 * settings, so local and cloud cannot drift.
 */
import { existsSync } from 'node:fs';
import { readConfig, type TriplineConfig } from '#core/config.ts';
import {
  DEPLOY_CONFIG_FILE,
  functionEnvironment,
  loadDeployConfig,
  parseDeployConfig,
  type TriplineDeployConfig,
} from '#infra/config.ts';
import { filtersBucketNameOf, resourceNamesOf } from '#infra/resource-names.ts';
import { routeRulesOf } from '#infra/routes.ts';
import {
  triggerFiredPattern,
  WEBHOOK_BODY_INPUT_PATHS,
  WEBHOOK_BODY_TEMPLATE,
} from '#infra/webhook-body.ts';
import type { PollerSettingsInput } from './poller-settings.ts';
import type {
  InputTransformer,
  LocalResourcePlan,
  ProvisionedResources,
  WebhookPlan,
} from './provision.ts';

/** The emulator's account. */
export const LOCAL_ACCOUNT = '000000000000';

/** The emulator's region. */
export const LOCAL_REGION = 'us-east-1';

/** The webhook body, exactly as the cloud stack's input transformer. */
export const WEBHOOK_TRANSFORMER: InputTransformer = {
  InputPathsMap: { ...WEBHOOK_BODY_INPUT_PATHS },
  InputTemplate: WEBHOOK_BODY_TEMPLATE,
};

/**
 * Reads `tripline.config.json` when it exists; otherwise the defaults of
 * every key (an MSK Serverless deployment, which names no cluster).
 */
export const loadLocalDeployConfig = (
  path = DEPLOY_CONFIG_FILE
): TriplineDeployConfig =>
  existsSync(path)
    ? loadDeployConfig(path)
    : parseDeployConfig({ msk: { mode: 'serverless' } }, `${path} (defaults)`);

/** Options of {@link localPlanOf}. */
export type LocalPlanOptions = {
  /**
   * Where every webhook is delivered locally (the receiver), instead of
   * the configured endpoints. With no destination configured, one webhook
   * for every trigger is added there.
   */
  readonly webhookUrl?: string | undefined;
  /** Appended to every name: keeps test runs apart. */
  readonly suffix?: string;
};

/** The resources to provision for a deploy configuration. */
export const localPlanOf = (
  config: TriplineDeployConfig,
  options: LocalPlanOptions = {}
): LocalResourcePlan => {
  const suffix = options.suffix ?? '';
  const names = resourceNamesOf(config.stackName);
  const webhooks: WebhookPlan[] = routeRulesOf(config).map((rule) => ({
    name: `${rule.destination}${suffix}`,
    endpoint:
      options.webhookUrl ??
      config.destinations.find((d) => d.name === rule.destination)?.endpoint ??
      '',
    pattern: rule.pattern,
    inputTransformer: WEBHOOK_TRANSFORMER,
  }));
  if (webhooks.length === 0 && options.webhookUrl) {
    webhooks.push({
      name: `local${suffix}`,
      endpoint: options.webhookUrl,
      pattern: triggerFiredPattern('*'),
      inputTransformer: WEBHOOK_TRANSFORMER,
    });
  }

  return {
    tableName: `${names.tableName}${suffix}`,
    ttlAttribute: config.checkpoints.ttlAttribute,
    eventBusName: `${names.eventBusName}${suffix}`,
    quarantineQueueName: `${names.quarantineQueueName}${suffix}`,
    filtersBucket:
      filtersBucketNameOf(config.stackName, LOCAL_ACCOUNT, LOCAL_REGION) +
      suffix.toLowerCase(),
    filtersPrefix: config.filters.prefix,
    webhooks,
  };
};

/**
 * The function's configuration against provisioned resources: the cloud
 * stack's environment, read back through the function's own reader.
 */
export const functionConfigOf = (
  config: TriplineDeployConfig,
  resources: ProvisionedResources,
  overrides: { readonly profileApiUrl?: string | undefined } = {}
): TriplineConfig => {
  const environment = functionEnvironment(config, {
    tableName: resources.tableName,
    eventBusName: resources.eventBusName,
    quarantineQueueUrl: resources.quarantineQueueUrl,
    filtersLocation: resources.filtersLocation,
  });
  if (overrides.profileApiUrl) {
    environment.TRIPLINE_PROFILE_API_URL = overrides.profileApiUrl;
  }

  return readConfig(environment);
};

/** The event source mapping's settings, for the local poller. */
export const pollerSettingsOf = (
  config: TriplineDeployConfig
): Omit<PollerSettingsInput, 'bootstrap'> => ({
  topic: config.msk.topic,
  groupId: config.msk.consumerGroupId,
  startingPosition: config.msk.startingPosition,
  batchSize: config.msk.batchSize,
  batchingWindowMs: config.msk.maxBatchingWindowSeconds * 1000,
  maxRetryAttempts: config.msk.retryAttempts,
  maxRecordAgeSeconds: config.msk.maxRecordAgeSeconds,
  bisectBatchOnFunctionError: config.msk.bisectBatchOnError,
  reportBatchItemFailures: true,
});
