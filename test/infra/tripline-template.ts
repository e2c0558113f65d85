/**
 * @module Builds the Tripline stack for a test from the shipped
 * `tripline.config.json` plus overrides, with `cdk.json`'s context.
 */
import { readFileSync } from 'node:fs';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeployConfig, type TriplineDeployConfig } from '#infra/config.ts';
import { createTriplineApp } from '#infra/tripline-app.ts';
import type { TriplineStack } from '#infra/tripline-stack.ts';

/** The shipped configuration file as JSON, before validation. */
export const shippedConfig = (): Record<string, unknown> =>
  JSON.parse(readFileSync('tripline.config.json', 'utf8'));

const cdkContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync('cdk.json', 'utf8')).context;

/** A synthesized stack and its template. */
export type Synthesized = {
  readonly config: TriplineDeployConfig;
  readonly stack: TriplineStack;
  readonly template: Template;
};

/**
 * Synthesizes the stack for the shipped config with `overrides` merged in
 * at the top level (bundling included: call once per test file).
 */
export const synthesize = (
  overrides: Record<string, unknown> = {}
): Synthesized => {
  const config = parseDeployConfig({ ...shippedConfig(), ...overrides });
  const { stack } = createTriplineApp(config, {
    appProps: { context: cdkContext() },
  });

  return { config, stack, template: Template.fromStack(stack) };
};

/** The AwsSolutions errors cdk-nag reports and nobody acknowledged. */
export const unacknowledgedNagErrors = (stack: Stack): string[] =>
  new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.filter((violation) => violation.severity === 'error')
    .flatMap((violation) =>
      violation.violatingResources.map(
        (resource) => `${violation.ruleName} at ${resource.constructPath}`
      )
    );
