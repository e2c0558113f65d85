/**
 * @module An EventBridge connection and API destination for one webhook,
 * created or updated so a re-run can move its endpoint.
 */
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  ResourceAlreadyExistsException,
  UpdateApiDestinationCommand,
} from '@aws-sdk/client-eventbridge';
import type { AwsClients } from '#adapters/aws-clients.ts';

/** The webhook fields a destination needs. */
export type WebhookEndpoint = {
  readonly name: string;
  readonly endpoint: string;
};

const ensureConnection = async (
  clients: AwsClients,
  name: string
): Promise<string> => {
  try {
    const created = await clients.eventbridge.send(
      new CreateConnectionCommand({
        Name: name,
        // EventBridge requires an authorization; a webhook without one
        // gets a harmless header.
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: {
            ApiKeyName: 'x-tripline-source',
            ApiKeyValue: 'tripline-local',
          },
        },
      })
    );
    if (created.ConnectionArn) return created.ConnectionArn;
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) throw error;
  }
  const existing = await clients.eventbridge.send(
    new DescribeConnectionCommand({ Name: name })
  );
  if (!existing.ConnectionArn) throw new Error(`connection ${name} has no ARN`);

  return existing.ConnectionArn;
};

/**
 * Creates the connection and API destination of a webhook, or points the
 * existing destination at the (possibly new) endpoint. Returns its ARN.
 */
export const ensureWebhookDestination = async (
  clients: AwsClients,
  webhook: WebhookEndpoint
): Promise<string> => {
  const name = `tripline-webhook-${webhook.name}`;
  const connectionArn = await ensureConnection(clients, name);
  const settings = {
    Name: name,
    ConnectionArn: connectionArn,
    InvocationEndpoint: webhook.endpoint,
    HttpMethod: 'POST' as const,
  };
  try {
    const created = await clients.eventbridge.send(
      new CreateApiDestinationCommand(settings)
    );
    if (created.ApiDestinationArn) return created.ApiDestinationArn;
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) throw error;
    await clients.eventbridge.send(new UpdateApiDestinationCommand(settings));
  }
  const existing = await clients.eventbridge.send(
    new DescribeApiDestinationCommand({ Name: name })
  );
  if (!existing.ApiDestinationArn) {
    throw new Error(`API destination ${name} has no ARN`);
  }

  return existing.ApiDestinationArn;
};
