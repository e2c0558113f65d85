/**
 * @module The environment variables of the local loop, read in one place.
 */

/** Every variable the local loop reads. */
export const LOCAL_ENV = {
  kafkaBootstrap: 'KAFKA_BOOTSTRAP',
  awsEndpoint: 'AWS_ENDPOINT_URL',
  webhookUrl: 'TRIPLINE_LOCAL_WEBHOOK_URL',
} as const;

/** Where the local loop finds or starts its services. */
export type LocalEnvironment = {
  /** `host:port` of the broker. */
  readonly kafkaBootstrap: string;
  /** True when `KAFKA_BOOTSTRAP` names a broker someone else runs. */
  readonly externalKafka: boolean;
  readonly awsEndpoint: string;
  /** True when `AWS_ENDPOINT_URL` names an endpoint someone else runs. */
  readonly externalAws: boolean;
  /** Overrides where webhooks are delivered (default: the receiver). */
  readonly webhookUrl: string | undefined;
};

/** The broker `tripline local up` starts. */
export const DEFAULT_KAFKA_BOOTSTRAP = '127.0.0.1:9092';
/** The MiniStack `tripline local up` starts. */
export const DEFAULT_AWS_ENDPOINT = 'http://127.0.0.1:4566';
/** Port of the mock profile API that `tripline local up` starts. */
export const PROFILE_API_PORT = 4010;
/** Port of the webhook receiver that `tripline local up` starts. */
export const WEBHOOK_RECEIVER_PORT = 4020;

/** Reads the local loop's variables, with their defaults. */
export const readLocalEnvironment = (
  env: Readonly<Record<string, string | undefined>>
): LocalEnvironment => {
  const kafka = env[LOCAL_ENV.kafkaBootstrap];
  const aws = env[LOCAL_ENV.awsEndpoint];

  return {
    kafkaBootstrap: kafka || DEFAULT_KAFKA_BOOTSTRAP,
    externalKafka: Boolean(kafka),
    awsEndpoint: aws || DEFAULT_AWS_ENDPOINT,
    externalAws: Boolean(aws),
    webhookUrl: env[LOCAL_ENV.webhookUrl] || undefined,
  };
};

/**
 * Dummy credentials for an emulator on loopback; real endpoints keep the
 * SDK's own credential chain.
 */
export const useEmulatorCredentials = (endpoint: string): void => {
  const host = new URL(endpoint).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') return;
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  process.env.AWS_REGION ??= 'us-east-1';
};
