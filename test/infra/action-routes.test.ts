import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#infra/config.ts';
import { routeRulesOf } from '#infra/routes.ts';
import {
  TRIGGER_FIRED_PATTERN,
  WEBHOOK_BODY_FIELDS,
  WEBHOOK_BODY_INPUT_PATHS,
  WEBHOOK_BODY_TEMPLATE,
} from '#infra/webhook-body.ts';
import { shippedConfig } from './tripline-template.ts';

const destination = (name: string) => ({
  name,
  endpoint: `https://${name}.example.com/hook`,
  auth: { type: 'API_KEY', secretName: `tripline/${name}` },
});

const configWith = (names: string[], routes: object[] = []) =>
  parseDeployConfig({
    ...shippedConfig(),
    destinations: names.map(destination),
    routes,
  });

/**
 * What EventBridge does with an input transformer: each `<name>` becomes
 * the JSON value at its path (strings keep their quotes).
 */
const applyTransformer = (event: { detail: Record<string, unknown> }) =>
  WEBHOOK_BODY_TEMPLATE.replace(/<([a-zA-Z_]+)>/g, (_match, name: string) => {
    const path = WEBHOOK_BODY_INPUT_PATHS[name as 'trigger'];
    const field = path.replace('$.detail.', '');

    return JSON.stringify(event.detail[field]);
  });

describe('routeRulesOf', () => {
  it('sends every trigger to the first destination when no route is set', () => {
    expect(routeRulesOf(configWith(['default', 'crm']))).toEqual([
      { destination: 'default', pattern: TRIGGER_FIRED_PATTERN },
    ]);
  });

  it('takes a trigger routed elsewhere away from the default', () => {
    // Act
    const rules = routeRulesOf(
      configWith(
        ['default', 'crm'],
        [{ trigger: 'vip-signup', destination: 'crm' }]
      )
    );

    // Assess
    expect(rules).toEqual([
      {
        destination: 'default',
        pattern: {
          ...TRIGGER_FIRED_PATTERN,
          detail: { trigger: [{ 'anything-but': ['vip-signup'] }] },
        },
      },
      {
        destination: 'crm',
        pattern: {
          ...TRIGGER_FIRED_PATTERN,
          detail: { trigger: ['vip-signup'] },
        },
      },
    ]);
  });

  it('keeps a trigger on the default when a route also names the default', () => {
    // Act
    const [fallback] = routeRulesOf(
      configWith(
        ['default', 'crm'],
        [
          { trigger: 'vip-signup', destination: 'crm' },
          { trigger: 'vip-signup', destination: 'default' },
        ]
      )
    );

    // Assess
    expect(fallback?.pattern).toEqual(TRIGGER_FIRED_PATTERN);
  });

  it('creates no rule without destinations', () => {
    expect(routeRulesOf(configWith([]))).toEqual([]);
  });
});

describe('the webhook body input transformer', () => {
  it('turns a TriggerFired event into its detail fields as JSON', () => {
    // Prepare
    const detail = {
      trigger: 'third-page-view',
      action_id: '0f3c',
      triggeredAt: '2025-01-01T00:00:00.000Z',
      user_id: 'u-1',
      event_id: 'e-3',
      event: { event_type: 'page_view', parameters: { utm_source: 'x' } },
      user: { country: 'TW' },
      visit: { actions: 3 },
      history: [{ event_id: 'e-1' }, { event_id: 'e-2' }],
      history_truncated: false,
    };

    // Act
    const body = JSON.parse(applyTransformer({ detail }));

    // Assess
    const { history_truncated: _left, ...expected } = detail;
    expect(body).toEqual(expected);
    expect(Object.keys(body)).toEqual([...WEBHOOK_BODY_FIELDS]);
  });
});
