import { afterEach, describe, expect, it } from 'vitest';
import {
  type MockProfileApi,
  startMockProfileApi,
} from '#local/mock-profile-api.ts';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '#local/webhook-receiver.ts';

const getJson = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
};

describe('mock profile API', () => {
  let api: MockProfileApi | undefined;

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('answers the same profile, visit and history for the same user id', async () => {
    // Prepare
    api = await startMockProfileApi();
    const parts = ['profile', 'visit', 'history'];

    // Act
    const first = await Promise.all(
      parts.map((part) => getJson(`${api?.url}/users/user123/${part}`))
    );
    const second = await Promise.all(
      parts.map((part) => getJson(`${api?.url}/users/user123/${part}`))
    );

    // Assess
    expect(first.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(second).toEqual(first);
    expect(first[0]?.body).toMatchObject({ user_id: 'user123' });
    expect(Object.keys(first[0]?.body as object).sort()).toEqual(
      ['city', 'continent', 'country', 'language', 'timezone', 'user_id'].sort()
    );
    expect(first[1]?.body).toHaveProperty('uuid');
  });

  it('never puts a page_view in a history', async () => {
    // Prepare
    api = await startMockProfileApi();
    const users = Array.from({ length: 40 }, (_, n) => `user-${n}`);

    // Act
    const histories = await Promise.all(
      users.map((user) => getJson(`${api?.url}/users/${user}/history`))
    );

    // Assess
    const names = histories.flatMap((answer) =>
      (answer.body as { event_name: string }[]).map((entry) => entry.event_name)
    );
    expect(names.length).toBeGreaterThan(0);
    expect(names).not.toContain('page_view');
  });

  it('fails the configured share of requests with HTTP 503 after the latency', async () => {
    // Prepare
    const draws = [0.1, 0.9];
    api = await startMockProfileApi({
      latencyMs: 50,
      failureRate: 0.5,
      random: () => draws.shift() ?? 1,
    });
    const started = Date.now();

    // Act
    const failed = await fetch(`${api.url}/users/u/profile`);
    const served = await fetch(`${api.url}/users/u/profile`);

    // Assess
    expect(failed.status).toBe(503);
    expect(served.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(api.requests()).toBe(2);
  });
});

describe('webhook receiver', () => {
  let receiver: WebhookReceiver | undefined;

  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('records and lists each delivery with its headers and body', async () => {
    // Prepare
    const printed: unknown[] = [];
    receiver = await startWebhookReceiver({
      onDelivery: (delivery) => printed.push(delivery.body),
    });

    // Act
    await fetch(`${receiver.url}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: JSON.stringify({ trigger: 'third-page-view' }),
    });
    const listed = await getJson(`${receiver.url}/deliveries`);

    // Assess
    expect(printed).toEqual([{ trigger: 'third-page-view' }]);
    const [delivery, ...others] = listed.body as unknown[];
    expect(others).toEqual([]);
    expect(delivery).toMatchObject({
      method: 'POST',
      path: '/hook',
      headers: { 'x-test': 'yes' },
      body: { trigger: 'third-page-view' },
    });
  });
});
