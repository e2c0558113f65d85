/**
 * @module The trigger function: Node.js 24 on arm64, bundled locally with
 * esbuild, with its own role and log group.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TriplineDeployConfig } from './config.ts';

/** The handler the stack deploys, from the repository root. */
export const TRIGGER_ENTRY = 'functions/trigger/handler.ts';

/** The repository root: the folder above `infra/`. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * ESM output has no `require`; some dependencies still call it, so the
 * bundle defines one (esbuild's documented workaround).
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as topLevelCreateRequire } from 'node:module';" +
  'const require = topLevelCreateRequire(import.meta.url);';

/** Properties of {@link TriggerFunction}. */
export interface TriggerFunctionProps {
  /** The validated deploy configuration. */
  readonly config: TriplineDeployConfig;
  /** The function's environment, from `functionEnvironment`. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The Lambda function that consumes the Kafka topic. Its role starts
 * empty: every permission is granted to a named resource by the stack.
 */
export class TriggerFunction extends Construct {
  /** The bundled function. */
  readonly function: nodejs.NodejsFunction;
  /** Its execution role, which the event source mapping also uses. */
  readonly role: iam.Role;
  /** Where it logs, with the configured retention. */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TriggerFunctionProps) {
    super(scope, id);
    const { config } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: config.function.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Tripline trigger function: only its own resources',
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, TRIGGER_ENTRY),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: config.function.memoryMb,
      timeout: Duration.seconds(config.function.timeoutSeconds),
      reservedConcurrentExecutions: config.function.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: { ...props.environment },
      description: 'Tripline: Kafka events to per-user triggers',
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        bundleAwsSDK: true,
        banner: ESM_REQUIRE_BANNER,
      },
    });
  }
}
