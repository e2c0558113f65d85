import { describe, expect, it, vi } from 'vitest';
import { CONFIG_ENV } from '#core/config.ts';
import { createTestResources, drainQueue } from '#local/emulator-resources.ts';
import { mskEvent, mskRecord, pageView } from './support/msk-events.ts';

const lambdaContext = {
  functionName: 'tripline-trigger',
  functionVersion: '$LATEST',
  invokedFunctionArn:
    'arn:aws:lambda:us-east-1:000000000000:function:tripline-trigger',
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/tripline-trigger',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

describe('Lambda handler', () => {
  it('processes an MSK event end to end and logs EMF metrics', async () => {
    // Prepare
    const resources = await createTestResources();
    vi.stubEnv(CONFIG_ENV.tableName, resources.config.tableName);
    vi.stubEnv(CONFIG_ENV.eventBusName, resources.config.eventBusName);
    vi.stubEnv(
      CONFIG_ENV.quarantineQueueUrl,
      resources.config.quarantineQueueUrl
    );
    vi.stubEnv('AWS_ENDPOINT_URL', process.env.TRIPLINE_TEST_AWS_ENDPOINT);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'tripline');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'Tripline');
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    };
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const { handler } = await import('#trigger/handler.ts');
    const event = mskEvent([
      mskRecord(pageView('h1', 'v1', 1), { offset: 1 }),
      mskRecord(pageView('h1', 'v2', 2), { offset: 2 }),
      mskRecord('garbage', { offset: 3 }),
      mskRecord(pageView('h1', 'v3', 3), { offset: 4 }),
    ]);

    // Act
    const response = await handler(event, lambdaContext).finally(() => {
      out.mockRestore();
      err.mockRestore();
      vi.unstubAllEnvs();
    });

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const fired = await drainQueue(
      resources.clients,
      resources.observerQueueUrl,
      {
        expected: 1,
      }
    );
    expect(JSON.parse(fired[0]?.Body ?? '{}').detail.event_id).toBe('v3');
    const emf = lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line));
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      RecordsQuarantined: 1,
      EventsProcessed: 3,
      TriggersFired: 1,
    });
    const warning = lines.find((line) => line.includes('record quarantined'));
    expect(warning).toContain('"reason":"INVALID_JSON"');
  });
});
