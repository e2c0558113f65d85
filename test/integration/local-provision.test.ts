import { randomUUID } from 'node:crypto';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '#adapters/aws-clients.ts';
import { parseDeployConfig } from '#infra/config.ts';
import { useEmulatorCredentials } from '#local/local-env.ts';
import { functionConfigOf, localPlanOf } from '#local/local-plan.ts';
import { provisionLocal } from '#local/provision.ts';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '#local/webhook-receiver.ts';

const endpoint = (): string => {
  const value = process.env.TRIPLINE_TEST_AWS_ENDPOINT;
  if (!value) throw new Error('TRIPLINE_TEST_AWS_ENDPOINT is not set');
  return value;
};

const triggerFired = (eventBusName: string, trigger: string) => ({
  EventBusName: eventBusName,
  Source: 'tripline',
  DetailType: 'TriggerFired',
  Detail: JSON.stringify({
    trigger,
    action_id: `id-${trigger}`,
    triggeredAt: '2026-01-01T00:00:00.000Z',
    user_id: 'u-1',
    event_id: 'e-1',
    event: { event_id: 'e-1' },
    user: { country: 'TW' },
    visit: { actions: 1 },
    history: [{ event_id: 'e-1' }],
  }),
});

describe('local provisioning from the deploy configuration', () => {
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('provisions twice without error and routes each trigger to its webhook', async () => {
    // Prepare
    useEmulatorCredentials(endpoint());
    const clients = createAwsClients({
      endpoint: endpoint(),
      region: 'us-east-1',
    });
    const suffix = `-${randomUUID().slice(0, 8)}`;
    const auth = { type: 'API_KEY', secretName: 'hooks' } as const;
    const deployConfig = parseDeployConfig({
      msk: { mode: 'serverless' },
      destinations: [
        { name: 'crm', endpoint: 'https://crm.example.com/hook', auth },
        { name: 'sales', endpoint: 'https://sales.example.com/hook', auth },
      ],
      routes: [{ trigger: 'big-spender', destination: 'sales' }],
    });
    const first = localPlanOf(deployConfig, {
      suffix,
      webhookUrl: 'http://127.0.0.1:9/old',
    });
    const plan = localPlanOf(deployConfig, {
      suffix,
      webhookUrl: `${receiver.url}/hook`,
    });

    // Act
    await provisionLocal(clients, first, { filtersDir: 'filters' });
    const resources = await provisionLocal(clients, plan, {
      filtersDir: 'filters',
    });
    await clients.eventbridge.send(
      new PutEventsCommand({
        Entries: [
          triggerFired(resources.eventBusName, 'third-page-view'),
          triggerFired(resources.eventBusName, 'big-spender'),
        ],
      })
    );
    const deliveries = await receiver.waitFor(2, { timeoutMs: 10_000 });

    // Assess
    expect(resources.webhookRules).toEqual([
      `tripline-webhook-crm${suffix}`,
      `tripline-webhook-sales${suffix}`,
    ]);
    const ttl = await clients.dynamodb.send(
      new DescribeTimeToLiveCommand({ TableName: resources.tableName })
    );
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expires_at',
      TimeToLiveStatus: 'ENABLED',
    });
    const objects = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: plan.filtersBucket })
    );
    expect(objects.Contents?.map((object) => object.Key)).toContain(
      'filters/third-page-view.jsonata'
    );
    const triggers = deliveries
      .map((delivery) => (delivery.body as { trigger: string }).trigger)
      .sort();
    expect(triggers).toEqual(['big-spender', 'third-page-view']);
    expect(deliveries[0]?.body).toMatchObject({
      user_id: 'u-1',
      event: { event_id: 'e-1' },
      user: { country: 'TW' },
      visit: { actions: 1 },
      history: [{ event_id: 'e-1' }],
    });
    const config = functionConfigOf(deployConfig, resources);
    expect(config).toMatchObject({
      tableName: resources.tableName,
      eventBusName: resources.eventBusName,
      quarantineQueueUrl: resources.quarantineQueueUrl,
      filtersLocation: `s3://${plan.filtersBucket}/filters/`,
      ttlMinutes: 10,
    });
  });
});
