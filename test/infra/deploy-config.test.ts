import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_ENV, readConfig } from '#core/config.ts';
import {
  functionEnvironment,
  loadDeployConfig,
  parseDeployConfig,
} from '#infra/config.ts';
import { DeployConfigError } from '#infra/errors.ts';
import { shippedConfig } from './tripline-template.ts';

const run = promisify(execFile);

const withMsk = (msk: Record<string, unknown>): Record<string, unknown> => {
  const config = shippedConfig();

  return { ...config, msk: { ...(config.msk as object), ...msk } };
};

const resources = {
  tableName: 'Tripline-checkpoints',
  eventBusName: 'Tripline-events',
  quarantineQueueUrl: 'https://sqs.us-east-1.amazonaws.com/1/quarantine',
  filtersLocation: 's3://filters-bucket/filters/',
};

describe('loadDeployConfig', () => {
  it('accepts the shipped tripline.config.json', () => {
    // Act
    const config = loadDeployConfig();

    // Assess
    expect(config.msk.mode).toBe('import');
    expect(config.msk.topic).toBe('user-tracking-events');
    expect(config.removalPolicy).toBe('retain');
  });

  it('fills every default from a config with only the cluster ARN', () => {
    // Prepare
    const { msk } = shippedConfig() as { msk: { clusterArn: string } };

    // Act
    const config = parseDeployConfig({ msk: { clusterArn: msk.clusterArn } });

    // Assess
    expect(config).toMatchObject({
      stackName: 'Tripline',
      msk: { batchSize: 100, bisectBatchOnError: true, onFailure: 's3' },
      checkpoints: { ttlMinutes: 10, ttlAttribute: 'expires_at' },
      destinations: [],
    });
  });

  it('names the key and the rule of a value out of range', () => {
    expect(() => parseDeployConfig(withMsk({ batchSize: 20_000 }))).toThrow(
      'tripline.config.json: msk.batchSize: must be ≤ 10000'
    );
  });

  it('rejects an unknown key, naming it', () => {
    expect(() => parseDeployConfig(withMsk({ batchSzie: 10 }))).toThrow(
      'tripline.config.json: msk.batchSzie: unknown key'
    );
  });

  it('requires the cluster ARN when importing a cluster', () => {
    expect(() => parseDeployConfig(withMsk({ clusterArn: undefined }))).toThrow(
      'msk.clusterArn: is required when msk.mode is "import"'
    );
  });

  it('explains the expected form of a malformed cluster ARN', () => {
    expect(() =>
      parseDeployConfig(withMsk({ clusterArn: 'arn:aws:kafka:nope' }))
    ).toThrow(/msk\.clusterArn: must be an MSK cluster ARN/);
  });

  it('rejects a deploy region other than the cluster region', () => {
    expect(() =>
      parseDeployConfig({ ...shippedConfig(), env: { region: 'eu-west-1' } })
    ).toThrow("env.region: must be the cluster's region (us-east-1)");
  });

  it('names the index of a webhook with a plain-http endpoint', () => {
    // Prepare
    const config = shippedConfig();
    const [first] = config.destinations as Record<string, unknown>[];

    // Act
    const act = () =>
      parseDeployConfig({
        ...config,
        destinations: [{ ...first, endpoint: 'http://hooks.example.com' }],
      });

    // Assess
    expect(act).toThrow('destinations[0].endpoint: must be an https URL');
  });

  it('rejects a route to a destination that does not exist', () => {
    expect(() =>
      parseDeployConfig({
        ...shippedConfig(),
        routes: [{ trigger: 'third-page-view', destination: 'crm' }],
      })
    ).toThrow('routes[0].destination: must name one of destinations[].name');
  });

  it('names an unknown auth type with the allowed ones', () => {
    // Prepare
    const config = shippedConfig();
    const [first] = config.destinations as Record<string, unknown>[];

    // Act
    const act = () =>
      parseDeployConfig({
        ...config,
        destinations: [{ ...first, auth: { type: 'TOKEN', secretName: 's' } }],
      });

    // Assess
    expect(act).toThrow(
      'destinations[0].auth.type: must be one of "API_KEY", "BASIC", "OAUTH_CLIENT_CREDENTIALS"'
    );
  });

  it('throws a DeployConfigError naming a file that is not JSON', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'tripline-')), 'bad.json');
    writeFileSync(file, '{ "msk": ');

    // Act
    const act = () => loadDeployConfig(file);

    // Assess
    expect(act).toThrow(DeployConfigError);
    expect(act).toThrow(`${file}: is not valid JSON`);
  });
});

describe('functionEnvironment', () => {
  it('sets every variable the function reads, which it then accepts', () => {
    // Prepare
    const config = parseDeployConfig({
      ...shippedConfig(),
      profileApi: { url: 'https://profiles.example.com' },
    });

    // Act
    const environment = functionEnvironment(config, resources);

    // Assess
    expect(Object.keys(environment)).toEqual(
      expect.arrayContaining(Object.values(CONFIG_ENV))
    );
    expect(readConfig(environment)).toMatchObject({
      ...resources,
      ttlMinutes: config.checkpoints.ttlMinutes,
      profileApiUrl: 'https://profiles.example.com',
      filterReloadSeconds: config.filters.reloadSeconds,
    });
  });

  it('sets the Powertools service, log level and metrics namespace', () => {
    // Act
    const environment = functionEnvironment(loadDeployConfig(), resources);

    // Assess
    expect(environment).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'tripline',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: 'Tripline',
    });
  });
});

describe('cdk synth with a bad config', () => {
  it('fails with a message that names the key and the rule', async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'tripline-')), 'bad.json');
    writeFileSync(file, JSON.stringify(withMsk({ batchSize: 0 })));

    // Act
    const result = await run(process.execPath, ['infra/app.ts'], {
      env: { ...process.env, TRIPLINE_DEPLOY_CONFIG: file },
    }).catch((error: { code: number; stderr: string }) => error);

    // Assess
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toContain(`${file}: msk.batchSize: must be ≥ 1`);
  });
});
