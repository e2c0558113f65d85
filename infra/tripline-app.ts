/**
 * @module Builds the Tripline CDK app from a validated configuration, with
 * the cdk-nag AwsSolutions checks registered.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { TriplineDeployConfig } from './config.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';
import { TriplineStack } from './tripline-stack.ts';

/** Where the stack deploys when neither the config nor the CLI says. */
export const FALLBACK_REGION = 'us-east-1';

/** The environment the CLI passes in (`CDK_DEFAULT_*`). */
export type CdkDefaults = {
  readonly account?: string | undefined;
  readonly region?: string | undefined;
};

/**
 * The deploy region: the config's, else the imported cluster's (the
 * mapping cannot cross regions), else the CLI's default, else
 * {@link FALLBACK_REGION}.
 */
export const deployRegionOf = (
  config: TriplineDeployConfig,
  defaults: CdkDefaults = {}
): string =>
  config.env.region ??
  config.msk.clusterArn?.split(':')[3] ??
  defaults.region ??
  FALLBACK_REGION;

/**
 * The Tripline app: one stack, checked by cdk-nag's AwsSolutions pack at
 * synth. The account stays unresolved unless the config or CLI sets it,
 * so synth needs no credentials.
 *
 * @example
 * ```ts
 * const { app } = createTriplineApp(loadDeployConfig());
 * app.synth();
 * ```
 */
export const createTriplineApp = (
  config: TriplineDeployConfig,
  options: { defaults?: CdkDefaults; appProps?: AppProps } = {}
): { app: App; stack: TriplineStack } => {
  const defaults = options.defaults ?? {};
  const app = new App(options.appProps);
  const account = config.env.account ?? defaults.account;
  const stack = new TriplineStack(app, config.stackName, {
    config,
    env: {
      region: deployRegionOf(config, defaults),
      ...(account === undefined ? {} : { account }),
    },
    description: 'Tripline: MSK events to per-user triggers and webhooks',
  });
  acknowledgeNagFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  return { app, stack };
};
