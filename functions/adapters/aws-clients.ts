/**
 * @module The AWS SDK clients Tripline uses, built in one place.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

/** The clients of the services the function talks to. */
export type AwsClients = {
  readonly dynamodb: DynamoDBClient;
  readonly eventbridge: EventBridgeClient;
  readonly sqs: SQSClient;
  readonly s3: S3Client;
};

/** Settings shared by every client. */
export type AwsClientSettings = {
  /** Overrides every service endpoint, e.g. an emulator on loopback. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  readonly maxAttempts?: number | undefined;
};

/**
 * Builds the clients. Without an explicit endpoint the SDK honours
 * `AWS_ENDPOINT_URL` itself, so one variable points Tripline at an
 * emulator.
 */
export const createAwsClients = (
  settings: AwsClientSettings = {}
): AwsClients => {
  const common = {
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.region ? { region: settings.region } : {}),
    maxAttempts: settings.maxAttempts ?? 3,
  };

  return {
    dynamodb: new DynamoDBClient(common),
    eventbridge: new EventBridgeClient(common),
    sqs: new SQSClient(common),
    s3: new S3Client({ ...common, forcePathStyle: Boolean(settings.endpoint) }),
  };
};
