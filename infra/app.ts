/**
 * @module The CDK app entry (`cdk.json`): loads `tripline.config.json`,
 * builds the stack, synthesizes.
 */
import { DEPLOY_CONFIG_FILE, loadDeployConfig } from './config.ts';
import { DeployConfigError } from './errors.ts';
import { createTriplineApp } from './tripline-app.ts';

try {
  // `TRIPLINE_DEPLOY_CONFIG=prod.config.json npx cdk deploy` picks another.
  const file = process.env.TRIPLINE_DEPLOY_CONFIG ?? DEPLOY_CONFIG_FILE;
  const { app } = createTriplineApp(loadDeployConfig(file), {
    defaults: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION,
    },
  });
  app.synth();
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
