/**
 * @module The Tripline event bus, its `TriggerFired` archive, and one
 * connection, API destination, rule and dead-letter queue per webhook.
 */
import { Duration, SecretValue } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DestinationConfig, TriplineDeployConfig } from './config.ts';
import { resourceNamesOf } from './resource-names.ts';
import { routeRulesOf } from './routes.ts';
import {
  type EventPattern,
  TRIGGER_FIRED_PATTERN,
  WEBHOOK_BODY_INPUT_PATHS,
  WEBHOOK_BODY_TEMPLATE,
} from './webhook-body.ts';

/** The rule target input that builds the webhook body from the detail. */
class WebhookBodyInput extends events.RuleTargetInput {
  /** The one input every webhook rule uses. */
  static create(): WebhookBodyInput {
    return new WebhookBodyInput();
  }

  override bind(): events.RuleTargetInputProperties {
    return {
      inputPathsMap: { ...WEBHOOK_BODY_INPUT_PATHS },
      inputTemplate: WEBHOOK_BODY_TEMPLATE,
    };
  }
}

/** An EventBridge pattern in the L2 construct's camelCase keys. */
const toL2Pattern = (pattern: EventPattern): events.EventPattern => ({
  source: pattern.source as string[],
  detailType: pattern['detail-type'] as string[],
  ...(pattern.detail === undefined
    ? {}
    : { detail: pattern.detail as Record<string, unknown> }),
});

/**
 * The connection's credentials, as CloudFormation dynamic references to
 * the named secret: the value never enters the template.
 */
const authorizationOf = (
  auth: DestinationConfig['auth']
): events.Authorization => {
  const field = (name: string): SecretValue =>
    SecretValue.secretsManager(auth.secretName, { jsonField: name });
  switch (auth.type) {
    case 'API_KEY':
      return events.Authorization.apiKey(auth.headerName, field('apiKey'));
    case 'BASIC':
      return events.Authorization.basic(
        field('username').unsafeUnwrap(),
        field('password')
      );
    case 'OAUTH_CLIENT_CREDENTIALS':
      return events.Authorization.oauth({
        authorizationEndpoint: auth.authorizationEndpoint,
        httpMethod: events.HttpMethod[auth.httpMethod],
        clientId: field('clientId').unsafeUnwrap(),
        clientSecret: field('clientSecret'),
      });
  }
};

/** One webhook destination's resources. */
export type WebhookDestination = {
  readonly connection: events.Connection;
  readonly apiDestination: events.ApiDestination;
  readonly deadLetterQueue: sqs.Queue;
};

/** Properties of {@link ActionRouting}. */
export interface ActionRoutingProps {
  /** The validated deploy configuration. */
  readonly config: TriplineDeployConfig;
}

/**
 * Where `TriggerFired` actions go after the function emits them: the bus,
 * an archive for replay, and the routes to each webhook destination.
 */
export class ActionRouting extends Construct {
  /** The Tripline event bus. */
  readonly bus: events.EventBus;
  /** Every `TriggerFired` event, kept for replay. */
  readonly archive: events.Archive;
  /** Each destination's resources, by destination name. */
  readonly destinations: ReadonlyMap<string, WebhookDestination>;
  /** The rules that route triggers, by destination name. */
  readonly rules: ReadonlyMap<string, events.Rule>;

  constructor(scope: Construct, id: string, props: ActionRoutingProps) {
    super(scope, id);
    const { config } = props;
    const names = resourceNamesOf(config.stackName);

    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: names.eventBusName,
      description: 'Tripline actions (TriggerFired)',
    });
    this.archive = this.bus.archive('TriggerFiredArchive', {
      archiveName: names.archiveName,
      description: 'Every TriggerFired event, for replay',
      eventPattern: toL2Pattern(TRIGGER_FIRED_PATTERN),
      ...(config.archive.retentionDays > 0
        ? { retention: Duration.days(config.archive.retentionDays) }
        : {}),
    });

    const destinations = new Map<string, WebhookDestination>();
    for (const destination of config.destinations) {
      destinations.set(destination.name, this.addDestination(destination));
    }
    this.destinations = destinations;

    const rules = new Map<string, events.Rule>();
    for (const route of routeRulesOf(config)) {
      const destination = config.destinations.find(
        (candidate) => candidate.name === route.destination
      );
      const resources = destinations.get(route.destination);
      if (destination === undefined || resources === undefined) continue;
      const rule = new events.Rule(this, `Route-${destination.name}`, {
        eventBus: this.bus,
        description: `TriggerFired to webhook destination ${destination.name}`,
        eventPattern: toL2Pattern(route.pattern),
      });
      rule.addTarget(
        new targets.ApiDestination(resources.apiDestination, {
          event: WebhookBodyInput.create(),
          deadLetterQueue: resources.deadLetterQueue,
          retryAttempts: destination.retryAttempts,
          maxEventAge: Duration.seconds(destination.maxEventAgeSeconds),
        })
      );
      rules.set(destination.name, rule);
    }
    this.rules = rules;
  }

  private addDestination(destination: DestinationConfig): WebhookDestination {
    const scope = new Construct(this, `Destination-${destination.name}`);
    const connection = new events.Connection(scope, 'Connection', {
      description: `Credentials for webhook ${destination.name}`,
      authorization: authorizationOf(destination.auth),
    });
    const apiDestination = new events.ApiDestination(scope, 'Api', {
      connection,
      endpoint: destination.endpoint,
      httpMethod: events.HttpMethod[destination.httpMethod],
      rateLimitPerSecond: destination.rateLimitPerSecond,
      description: `Webhook ${destination.name}`,
    });
    const deadLetterQueue = new sqs.Queue(scope, 'DeadLetters', {
      // EventBridge cannot use the AWS managed SQS key; SSE-SQS works.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    return { connection, apiDestination, deadLetterQueue };
  }
}
