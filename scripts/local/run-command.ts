/**
 * @module `tripline local run`: the poller in the foreground, invoking
 * the function in-process against the provisioned resources.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAwsClients } from '#adapters/aws-clients.ts';
import type { LoggerPort } from '#core/telemetry.ts';
import { createPipeline } from '#trigger/pipeline.ts';
import { useEmulatorCredentials } from './local-env.ts';
import { readLocalState } from './local-state.ts';
import {
  FileOnFailureDestination,
  type OnFailureDestination,
  SqsOnFailureDestination,
} from './on-failure.ts';
import { startPoller } from './poller.ts';
import type { PollerSettingsInput } from './poller-settings.ts';
import { localDir } from './processes.ts';

/** Options of `tripline local run`. */
export type RunCommandOptions = {
  /** Overrides of the settings `local up` read from the deploy config. */
  readonly settings: Omit<PollerSettingsInput, 'bootstrap' | 'topic'>;
  /** A JSON Lines file instead of the configured destination. */
  readonly onFailureFile?: string | undefined;
};

/** Exists while a `local run` poller is in the group. */
export const pollerReadyFile = (root: string): string =>
  join(localDir(root), 'poller.ready');

/** Where given-up records go when `msk.onFailure` is `s3`. */
export const ON_FAILURE_FILE = join('.local', 'on-failure.jsonl');

const write =
  (level: string) =>
  (message: string, ...extra: object[]) =>
    console.log(
      JSON.stringify({
        level,
        message,
        timestamp: new Date().toISOString(),
        ...Object.assign({}, ...extra),
      })
    );

/** JSON lines on stdout, as the function logs in Lambda. */
export const consoleLogger: LoggerPort = {
  debug: () => undefined,
  info: write('INFO'),
  warn: write('WARN'),
  error: write('ERROR'),
};

/**
 * Runs the poller until SIGINT or SIGTERM, then stops it cleanly: the
 * batch in flight finishes and is committed.
 */
export const runPollerCommand = async (
  root: string,
  options: RunCommandOptions
): Promise<void> => {
  const state = readLocalState(root);
  if (!state.config || !state.kafkaBootstrap || !state.awsEndpoint) {
    throw new Error(
      'nothing provisioned yet: run `tripline local up --no-poller` first'
    );
  }
  useEmulatorCredentials(state.awsEndpoint);
  const clients = createAwsClients({
    endpoint: state.awsEndpoint,
    region: 'us-east-1',
  });
  const pipeline = createPipeline(state.config, {
    clients,
    logger: consoleLogger,
  });
  // Lambda's S3 destination keeps the records too; a file does locally.
  const file =
    options.onFailureFile ??
    (state.onFailure === 's3' ? join(root, ON_FAILURE_FILE) : undefined);
  const onFailure: OnFailureDestination = file
    ? new FileOnFailureDestination(file)
    : new SqsOnFailureDestination({
        client: clients.sqs,
        queueUrl: state.config.quarantineQueueUrl,
      });
  const overrides = Object.fromEntries(
    Object.entries(options.settings).filter(([, value]) => value !== undefined)
  );

  const poller = await startPoller({
    settings: {
      ...state.poller,
      ...overrides,
      bootstrap: state.kafkaBootstrap,
      topic: state.topic ?? 'user-tracking-events',
    },
    handler: (event) => pipeline.handle(event),
    onFailure,
    logger: consoleLogger,
  });
  consoleLogger.info('poller started', {
    bootstrap: state.kafkaBootstrap,
    topic: state.topic,
    on_failure: onFailure.description,
  });

  writeFileSync(pollerReadyFile(root), `${process.pid}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  rmSync(pollerReadyFile(root), { force: true });
  await poller.stop();
  consoleLogger.info('poller stopped', {
    ...poller.stats,
    committed: Object.fromEntries(poller.stats.committed),
  });
};
