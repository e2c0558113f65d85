/**
 * @module A single-node Apache Kafka 4 broker in KRaft mode on loopback,
 * run from the Maven Central artifacts with Java: no Docker needed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Admin } from '@platformatic/kafka';
import { ServiceStartError } from './errors.ts';
import {
  localDir,
  requireCommand,
  spawnService,
  stopProcess,
  waitUntilReady,
} from './processes.ts';

/** Where the broker answers; `pid` is set when this call started it. */
export type KafkaBrokerHandle = {
  readonly bootstrap: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
};

/** Options of {@link startKafkaBroker}. */
export type KafkaBrokerOptions = {
  /** @default 9092 */
  readonly port?: number;
  /** KRaft controller port. @default port + 1 */
  readonly controllerPort?: number;
  /** Data, config and log folder. @default `.local/kafka` */
  readonly dir?: string;
  /** Keep running after this process exits (`tripline local up`). */
  readonly detached?: boolean;
  /** @default 90_000 */
  readonly timeoutMs?: number;
};

/** What to install when `java` is missing. */
export const JAVA_INSTALL =
  'install a Java 17+ runtime (e.g. `apt-get install openjdk-17-jre-headless`, ' +
  'or `brew install openjdk@17`)';
const MAVEN_INSTALL =
  'install Apache Maven 3.6+ (e.g. `apt-get install maven`, or ' +
  '`brew install maven`); it fetches the Kafka broker from Maven Central';

/** The POM that names the broker artifacts; its hash keys the cache. */
export const brokerPom = (root: string): string =>
  join(root, 'localstack', 'kafka', 'pom.xml');

/**
 * Resolves the broker's runtime classpath with Maven, cached in
 * `<dir>/classpath.txt` until the POM changes or a jar disappears from
 * the local Maven repository. The first run downloads about 30 MB.
 */
export const resolveKafkaClasspath = (root: string, dir: string): string => {
  const pom = brokerPom(root);
  const pomHash = createHash('sha256').update(readFileSync(pom)).digest('hex');
  const cacheFile = join(dir, 'classpath.txt');
  const hashFile = join(dir, 'classpath.pom-sha256');
  if (existsSync(cacheFile) && existsSync(hashFile)) {
    const classpath = readFileSync(cacheFile, 'utf8').trim();
    const fresh = readFileSync(hashFile, 'utf8').trim() === pomHash;
    if (fresh && classpath.split(':').every((jar) => existsSync(jar))) {
      return classpath;
    }
  }

  const mvn = requireCommand('mvn', MAVEN_INSTALL);
  mkdirSync(dir, { recursive: true });
  const result = spawnSync(
    mvn,
    [
      '--batch-mode',
      '--quiet',
      '-f',
      pom,
      'dependency:build-classpath',
      '-Dmdep.includeScope=runtime',
      `-Dmdep.outputFile=${cacheFile}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
  );
  if (result.status !== 0 || !existsSync(cacheFile)) {
    throw new ServiceStartError(
      'kafka',
      `Maven could not resolve the broker classpath (exit ${result.status}): ${
        result.stdout
      }${result.stderr}`.trim()
    );
  }
  writeFileSync(hashFile, `${pomHash}\n`);

  return readFileSync(cacheFile, 'utf8').trim();
};

/** The broker's `server.properties`: KRaft combined mode, loopback only. */
export const brokerProperties = (
  port: number,
  controllerPort: number,
  dataDir: string
): string =>
  [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=4',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // A lone consumer joins at once instead of after the default 3 s.
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');

/** Whether a broker answers a metadata request at `bootstrap`. */
export const isBrokerUp = async (bootstrap: string): Promise<boolean> => {
  const admin = new Admin({
    clientId: 'tripline-probe',
    bootstrapBrokers: [bootstrap],
    timeout: 1500,
    retries: 0,
  });
  try {
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.close().catch(() => undefined);
  }
};

const javaOptions = [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-Djava.awt.headless=true',
  '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
  '-Dorg.slf4j.simpleLogger.showDateTime=true',
];

const formatStorage = (
  java: string,
  classpath: string,
  propertiesFile: string,
  dataDir: string
): void => {
  if (existsSync(join(dataDir, 'meta.properties'))) return;
  // A cluster id is 16 bytes in base64url, like `kafka-storage random-uuid`.
  const clusterId = createHash('sha256')
    .update(dataDir)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
  const result = spawnSync(
    java,
    [
      ...javaOptions,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '--cluster-id',
      clusterId,
      '--config',
      propertiesFile,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
  );
  if (result.status !== 0) {
    throw new ServiceStartError(
      'kafka',
      `formatting ${dataDir} failed (exit ${result.status}): ${result.stderr}`.trim()
    );
  }
};

/**
 * Starts a KRaft broker on `127.0.0.1:<port>` unless one already answers
 * there. Resolves the classpath with Maven (cached), formats the storage
 * folder on first use, and waits until the broker answers metadata
 * requests. Logs go to `<dir>/broker.log`.
 *
 * @example
 * ```ts
 * const broker = await startKafkaBroker(process.cwd());
 * // ... produce and consume on broker.bootstrap
 * await broker.stop();
 * ```
 */
export const startKafkaBroker = async (
  root: string,
  options: KafkaBrokerOptions = {}
): Promise<KafkaBrokerHandle> => {
  const port = options.port ?? 9092;
  const controllerPort = options.controllerPort ?? port + 1;
  const bootstrap = `127.0.0.1:${port}`;
  if (await isBrokerUp(bootstrap)) {
    return { bootstrap, pid: undefined, stop: async () => undefined };
  }

  const dir = options.dir ?? join(localDir(root), 'kafka');
  const java = requireCommand('java', JAVA_INSTALL);
  const classpath = resolveKafkaClasspath(root, join(localDir(root), 'kafka'));
  const dataDir = join(dir, 'data');
  const propertiesFile = join(dir, 'server.properties');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    propertiesFile,
    brokerProperties(port, controllerPort, dataDir)
  );
  formatStorage(java, classpath, propertiesFile, dataDir);

  const logFile = join(dir, 'broker.log');
  const child = spawnService({
    name: 'kafka',
    command: java,
    args: [...javaOptions, '-cp', classpath, 'kafka.Kafka', propertiesFile],
    logFile,
    detached: options.detached,
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new ServiceStartError('kafka', `could not start ${java}`);
  }
  try {
    await waitUntilReady(() => isBrokerUp(bootstrap), {
      service: 'kafka',
      timeoutMs: options.timeoutMs ?? 90_000,
      child,
      logFile,
      intervalMs: 500,
    });
  } catch (error) {
    await stopProcess(pid, 2000);
    throw error;
  }

  return { bootstrap, pid, stop: () => stopProcess(pid, 15_000) };
};

/**
 * Throws a {@link ServiceStartError} that says what to do when no broker
 * answers at `bootstrap`.
 */
export const requireBroker = async (bootstrap: string): Promise<void> => {
  if (await isBrokerUp(bootstrap)) return;
  throw new ServiceStartError(
    'kafka',
    `no broker answers at ${bootstrap}; run \`tripline local up\` or set KAFKA_BOOTSTRAP`
  );
};
