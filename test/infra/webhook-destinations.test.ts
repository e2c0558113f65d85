import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Synthesized,
  synthesize,
  unacknowledgedNagErrors,
} from './tripline-template.ts';

const destinations = [
  {
    name: 'default',
    endpoint: 'https://hooks.example.com/tripline',
    auth: { type: 'API_KEY', secretName: 'tripline/webhooks/default' },
  },
  {
    name: 'crm',
    endpoint: 'https://crm.example.com/events',
    httpMethod: 'PUT',
    rateLimitPerSecond: 5,
    retryAttempts: 3,
    maxEventAgeSeconds: 3600,
    auth: { type: 'BASIC', secretName: 'tripline/webhooks/crm' },
  },
  {
    name: 'marketing',
    endpoint: 'https://marketing.example.com/hook',
    auth: {
      type: 'OAUTH_CLIENT_CREDENTIALS',
      secretName: 'tripline/webhooks/marketing',
      authorizationEndpoint: 'https://auth.example.com/oauth2/token',
    },
  },
];

const routes = [
  { trigger: 'vip-signup', destination: 'crm' },
  { trigger: 'third-page-view', destination: 'marketing' },
  { trigger: 'third-page-view', destination: 'default' },
];

const ruleFor = (destination: string) => ({
  Description: `TriggerFired to webhook destination ${destination}`,
});

describe('webhook destinations with per-trigger routes', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthesize({ destinations, routes });
  });

  it('creates a connection and a rate-limited API destination for each', () => {
    synth.template.resourceCountIs('AWS::Events::Connection', 3);
    synth.template.resourceCountIs('AWS::Events::ApiDestination', 3);
    synth.template.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://crm.example.com/events',
      HttpMethod: 'PUT',
      InvocationRateLimitPerSecond: 5,
    });
  });

  it('reads every credential from Secrets Manager by reference', () => {
    synth.template.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'BASIC',
      AuthParameters: {
        BasicAuthParameters: {
          Username:
            '{{resolve:secretsmanager:tripline/webhooks/crm:SecretString:username::}}',
          Password:
            '{{resolve:secretsmanager:tripline/webhooks/crm:SecretString:password::}}',
        },
      },
    });
    synth.template.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: {
        OAuthParameters: Match.objectLike({
          AuthorizationEndpoint: 'https://auth.example.com/oauth2/token',
          ClientParameters: {
            ClientID: Match.stringLikeRegexp('^\\{\\{resolve:secretsmanager:'),
            ClientSecret: Match.stringLikeRegexp(
              '^\\{\\{resolve:secretsmanager:tripline/webhooks/marketing:'
            ),
          },
        }),
      },
    });
  });

  it('gives every rule target a retry policy, a DLQ and the webhook body', () => {
    synth.template.resourceCountIs('AWS::Events::Rule', 3);
    synth.template.allResourcesProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          DeadLetterConfig: {
            Arn: {
              'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetters'), 'Arn'],
            },
          },
          RetryPolicy: {
            MaximumRetryAttempts: Match.anyValue(),
            MaximumEventAgeInSeconds: Match.anyValue(),
          },
          InputTransformer: {
            InputPathsMap: Match.objectLike({ history: '$.detail.history' }),
            InputTemplate: Match.stringLikeRegexp('"history": <history>'),
          },
        }),
      ],
    });
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ...ruleFor('crm'),
      Targets: [
        Match.objectLike({
          RetryPolicy: {
            MaximumRetryAttempts: 3,
            MaximumEventAgeInSeconds: 3600,
          },
        }),
      ],
    });
  });

  it('sends the default destination every trigger not routed away', () => {
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ...ruleFor('default'),
      EventPattern: {
        source: ['tripline'],
        'detail-type': ['TriggerFired'],
        detail: { trigger: [{ 'anything-but': ['vip-signup'] }] },
      },
    });
  });

  it('sends a routed trigger only to the destinations its routes name', () => {
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ...ruleFor('marketing'),
      EventPattern: Match.objectLike({
        detail: { trigger: ['third-page-view'] },
      }),
    });
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ...ruleFor('crm'),
      EventPattern: Match.objectLike({ detail: { trigger: ['vip-signup'] } }),
    });
  });

  it('alarms on the depth of each dead-letter queue', () => {
    const alarms = synth.template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'ApproximateNumberOfMessagesVisible' },
    });

    expect(Object.keys(alarms)).toHaveLength(3);
  });

  it('leaves no cdk-nag AwsSolutions error unacknowledged', () => {
    expect(unacknowledgedNagErrors(synth.stack)).toEqual([]);
  });
});
