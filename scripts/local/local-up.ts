/**
 * @module `tripline local up`, `down` and `status`: every part of the
 * local loop started in the background, its PID and address kept in
 * `.local/state.json`.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createAwsClients } from '#adapters/aws-clients.ts';
import type { TriplineDeployConfig } from '#infra/config.ts';
import { isBrokerUp, startKafkaBroker } from './kafka-broker.ts';
import { createTopic, DEFAULT_PARTITIONS } from './kafka-topics.ts';
import {
  type LocalEnvironment,
  PROFILE_API_PORT,
  useEmulatorCredentials,
  WEBHOOK_RECEIVER_PORT,
} from './local-env.ts';
import {
  functionConfigOf,
  localPlanOf,
  pollerSettingsOf,
} from './local-plan.ts';
import {
  type LocalState,
  readLocalState,
  recordService,
  type ServiceRecord,
  writeLocalState,
} from './local-state.ts';
import { isEmulatorUp, startMinistack } from './ministack.ts';
import {
  isRunning,
  localDir,
  spawnService,
  stopProcess,
  waitUntilReady,
} from './processes.ts';
import { provisionLocal } from './provision.ts';
import { pollerReadyFile } from './run-command.ts';

/** Options of {@link localUp}. */
export type LocalUpOptions = {
  readonly env: LocalEnvironment;
  /** The deploy configuration the CDK app reads. */
  readonly deployConfig: TriplineDeployConfig;
  /** Start the poller too (otherwise run `tripline local run`). */
  readonly poller: boolean;
  readonly profileLatencyMs: number;
  readonly profileFailureRate: number;
  readonly report: (line: string) => void;
};

const isHttpUp = async (url: string): Promise<boolean> => {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
};

/** Starts `node scripts/tripline.ts <args>` in the background. */
const startCliService = async (
  root: string,
  name: string,
  args: readonly string[],
  readyUrl: string | undefined,
  isReady: () => Promise<boolean> = () => isHttpUp(readyUrl ?? '')
): Promise<ServiceRecord> => {
  const logFile = join(localDir(root), `${name}.log`);
  const child = spawnService({
    name,
    command: process.execPath,
    args: [join(root, 'scripts', 'tripline.ts'), ...args],
    logFile,
    cwd: root,
    detached: true,
  });
  await waitUntilReady(isReady, {
    service: name,
    timeoutMs: 30_000,
    child,
    logFile,
  });

  return { name, pid: child.pid, address: readyUrl ?? '-', logFile };
};

/**
 * Starts the broker, the emulator, the mock profile API and the webhook
 * receiver; provisions the resources; creates the topic; then starts the
 * poller. A part already answering on its address is reused.
 */
export const localUp = async (
  root: string,
  options: LocalUpOptions
): Promise<LocalState> => {
  const { env, report } = options;
  if (env.externalKafka) {
    if (!(await isBrokerUp(env.kafkaBootstrap))) {
      throw new Error(`KAFKA_BOOTSTRAP=${env.kafkaBootstrap} does not answer`);
    }
    recordService(root, { name: 'kafka', address: env.kafkaBootstrap });
  } else {
    report('starting Kafka (first run resolves the broker with Maven)...');
    const broker = await startKafkaBroker(root, { detached: true });
    recordService(root, {
      name: 'kafka',
      pid: broker.pid,
      address: broker.bootstrap,
      logFile: join(localDir(root), 'kafka', 'broker.log'),
    });
  }

  if (!env.externalAws) {
    report('starting MiniStack (first run installs it into .venv)...');
    const ministack = await startMinistack(root, { detached: true });
    recordService(root, {
      name: 'ministack',
      pid: ministack.process?.pid,
      address: ministack.endpoint,
      logFile: join(localDir(root), 'ministack.log'),
    });
  }
  useEmulatorCredentials(env.awsEndpoint);

  const profileUrl = `http://127.0.0.1:${PROFILE_API_PORT}`;
  if (!(await isHttpUp(profileUrl))) {
    const args = ['local', 'profile-api', '--port', String(PROFILE_API_PORT)];
    args.push('--latency-ms', String(options.profileLatencyMs));
    args.push('--failure-rate', String(options.profileFailureRate));
    recordService(
      root,
      await startCliService(root, 'profile-api', args, profileUrl)
    );
  }
  const receiverUrl = `http://127.0.0.1:${WEBHOOK_RECEIVER_PORT}`;
  if (!(await isHttpUp(`${receiverUrl}/deliveries`))) {
    const args = [
      'local',
      'webhook-receiver',
      '--port',
      String(WEBHOOK_RECEIVER_PORT),
    ];
    const service = await startCliService(
      root,
      'webhook-receiver',
      args,
      `${receiverUrl}/deliveries`
    );
    recordService(root, { ...service, address: receiverUrl });
  }

  report(`provisioning on ${env.awsEndpoint}...`);
  const clients = createAwsClients({
    endpoint: env.awsEndpoint,
    region: 'us-east-1',
  });
  const webhookUrl = env.webhookUrl ?? `${receiverUrl}/webhook`;
  const { deployConfig } = options;
  const resources = await provisionLocal(
    clients,
    localPlanOf(deployConfig, { webhookUrl }),
    { filtersDir: join(root, deployConfig.filters.source) }
  );
  const topic = await createTopic({
    bootstrap: env.kafkaBootstrap,
    name: deployConfig.msk.topic,
    partitions: DEFAULT_PARTITIONS,
  });
  const state = readLocalState(root);
  Object.assign(state, {
    config: functionConfigOf(deployConfig, resources, {
      profileApiUrl: profileUrl,
    }),
    kafkaBootstrap: env.kafkaBootstrap,
    awsEndpoint: env.awsEndpoint,
    topic: topic.name,
    poller: pollerSettingsOf(deployConfig),
    onFailure: deployConfig.msk.onFailure,
  });
  writeLocalState(root, state);

  if (options.poller && !runningService(state, 'poller')) {
    rmSync(pollerReadyFile(root), { force: true });
    recordService(
      root,
      // Until it has joined the group, a LATEST start would skip sends.
      await startCliService(
        root,
        'poller',
        ['local', 'run'],
        undefined,
        async () => existsSync(pollerReadyFile(root))
      )
    );
  }

  return readLocalState(root);
};

const runningService = (state: LocalState, name: string) =>
  state.services.find(
    (service) =>
      service.name === name &&
      service.pid !== undefined &&
      isRunning(service.pid)
  );

/** Stops what `local up` started, the poller first and Kafka last. */
export const localDown = async (
  root: string,
  report: (line: string) => void
): Promise<void> => {
  const state = readLocalState(root);
  const order = [
    'poller',
    'webhook-receiver',
    'profile-api',
    'ministack',
    'kafka',
  ];
  const services = [...state.services].sort(
    (a, b) => order.indexOf(a.name) - order.indexOf(b.name)
  );
  for (const service of services) {
    if (service.pid === undefined || !isRunning(service.pid)) continue;
    report(`stopping ${service.name} (pid ${service.pid})`);
    await stopProcess(service.pid, 20_000);
  }
  rmSync(pollerReadyFile(root), { force: true });
  writeLocalState(root, { ...state, services: [] });
};

/** One line per part: name, state, address. */
export const localStatus = async (root: string): Promise<string[]> => {
  const state = readLocalState(root);
  const checks: Record<string, (address: string) => Promise<boolean>> = {
    kafka: isBrokerUp,
    ministack: isEmulatorUp,
    'profile-api': (address) => isHttpUp(`${address}/users/u/profile`),
    'webhook-receiver': (address) => isHttpUp(`${address}/deliveries`),
  };
  const lines: string[] = [];
  for (const service of state.services) {
    const check = checks[service.name];
    const up = check
      ? await check(service.address)
      : service.pid !== undefined && isRunning(service.pid);
    const pid = service.pid === undefined ? 'external' : `pid ${service.pid}`;
    const log = service.logFile ? `  log ${service.logFile}` : '';
    lines.push(
      service.name.padEnd(17) +
        (up ? 'up' : 'down').padEnd(6) +
        service.address.padEnd(28) +
        pid +
        log
    );
  }
  if (state.config) {
    lines.push(
      `table ${state.config.tableName}, bus ${state.config.eventBusName}`
    );
    lines.push(`quarantine ${state.config.quarantineQueueUrl}`);
    lines.push(`filters ${state.config.filtersLocation}, topic ${state.topic}`);
  }

  return lines;
};
