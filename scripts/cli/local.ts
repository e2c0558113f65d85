/**
 * @module The `tripline local`, `tripline topic` and `tripline send`
 * commands: the local loop on real Kafka and an AWS emulator.
 */
import { type Command, Option } from 'commander';
import { DEPLOY_CONFIG_FILE } from '#infra/config.ts';
import {
  fraction,
  guarded,
  integerAtLeast,
  untilSignal,
} from '#local/cli-arguments.ts';
import { requireBroker } from '#local/kafka-broker.ts';
import {
  createTopic,
  DEFAULT_PARTITIONS,
  DEFAULT_TOPIC,
} from '#local/kafka-topics.ts';
import { readLocalEnvironment } from '#local/local-env.ts';
import { startMockProfileApi } from '#local/mock-profile-api.ts';
import { runSendCommand } from '#local/send-command.ts';
import { startWebhookReceiver } from '#local/webhook-receiver.ts';

// Loaded on use: `send` and `topic` need neither the function nor infra.
const stack = () => import('#local/local-up.ts');
const plans = () => import('#local/local-plan.ts');

const integer = integerAtLeast;

const bootstrapOption = () =>
  new Option('--bootstrap <host:port>', 'Kafka bootstrap server').default(
    readLocalEnvironment(process.env).kafkaBootstrap
  );

const registerTopicAndSend = (program: Command): void => {
  const topic = program.command('topic').description('Kafka topic helpers');
  topic
    .command('create')
    .description('create the events topic on the local broker')
    .option('--name <name>', 'topic name', DEFAULT_TOPIC)
    .option('--partitions <n>', 'partitions', integer(1), DEFAULT_PARTITIONS)
    .addOption(bootstrapOption())
    .action(
      guarded(
        async (options: {
          name: string;
          partitions: number;
          bootstrap: string;
        }) => {
          await requireBroker(options.bootstrap);
          const status = await createTopic(options);
          console.log(
            `${status.created ? 'created' : 'exists'}: ${status.name} ` +
              `(${status.partitions} partitions)`
          );
        }
      )
    );

  program
    .command('send')
    .description(
      'produce events (JSON, JSON array, JSON Lines, or folders) keyed by user_id'
    )
    .argument('[paths...]', 'event files or folders')
    .option('--topic <name>', 'topic', DEFAULT_TOPIC)
    .option('--delay <ms>', 'pause between two messages', integer(0), 0)
    .option('--rate <n>', 'messages a second at most', integer(1))
    .option('--raw <text>', 'also send this text as it is (a poison message)')
    .option('--key <key>', 'key of the --raw message')
    .option('--quiet', 'print nothing on success', false)
    .addOption(bootstrapOption())
    .action(
      guarded(
        async (
          paths: string[],
          options: {
            topic: string;
            delay: number;
            rate?: number;
            raw?: string;
            key?: string;
            quiet: boolean;
            bootstrap: string;
          }
        ) => {
          await runSendCommand(paths, { ...options, delayMs: options.delay });
        }
      )
    );
};

const registerServers = (local: Command): void => {
  local
    .command('profile-api')
    .description('run the mock profile API in the foreground')
    .option('--port <port>', 'port on 127.0.0.1', integer(0), 4010)
    .option('--latency-ms <ms>', 'delay of every answer', integer(0), 0)
    .option('--failure-rate <r>', 'share of requests answered 503', fraction, 0)
    .action(
      guarded(
        async (options: {
          port: number;
          latencyMs: number;
          failureRate: number;
        }) => {
          const api = await startMockProfileApi(options);
          console.log(
            `mock profile API on ${api.url}/users/{id}/profile|visit|history`
          );
          await untilSignal();
          await api.close();
        }
      )
    );

  local
    .command('webhook-receiver')
    .description(
      'run the webhook receiver in the foreground, printing deliveries'
    )
    .option('--port <port>', 'port on 127.0.0.1', integer(0), 4020)
    .option('--status <code>', 'HTTP status to answer', integer(100), 200)
    .action(
      guarded(async (options: { port: number; status: number }) => {
        const receiver = await startWebhookReceiver({
          ...options,
          onDelivery: (delivery) =>
            console.log(
              `${delivery.receivedAt} ${delivery.method} ${delivery.path}\n${JSON.stringify(
                { headers: delivery.headers, body: delivery.body },
                null,
                2
              )}`
            ),
        });
        console.log(
          `webhook receiver on ${receiver.url} (GET /deliveries lists them)`
        );
        await untilSignal();
        await receiver.close();
      })
    );
};

/** Registers the local commands on the program. */
export const registerLocalCommands = (program: Command): void => {
  registerTopicAndSend(program);
  const root = process.cwd();
  const local = program
    .command('local')
    .description('run Tripline locally on Kafka and an AWS emulator');

  local
    .command('up')
    .description(
      'start Kafka, MiniStack, the mock profile API, the webhook receiver ' +
        'and the poller; provision resources'
    )
    .option('--no-poller', 'do not start the poller (use `tripline local run`)')
    .option(
      '--config <path>',
      'deploy configuration (defaults apply when it is absent)',
      DEPLOY_CONFIG_FILE
    )
    .option(
      '--profile-latency-ms <ms>',
      'mock profile API latency',
      integer(0),
      0
    )
    .option(
      '--profile-failure-rate <r>',
      'mock profile API failure share',
      fraction,
      0
    )
    .action(
      guarded(
        async (options: {
          poller: boolean;
          profileLatencyMs: number;
          profileFailureRate: number;
          config: string;
        }) => {
          const { localUp, localStatus } = await stack();
          const { loadLocalDeployConfig } = await plans();
          await localUp(root, {
            env: readLocalEnvironment(process.env),
            deployConfig: loadLocalDeployConfig(options.config),
            poller: options.poller,
            profileLatencyMs: options.profileLatencyMs,
            profileFailureRate: options.profileFailureRate,
            report: (line) => console.log(line),
          });
          for (const line of await localStatus(root)) console.log(line);
        }
      )
    );

  local
    .command('install')
    .description(
      'fetch the Kafka broker (Maven) and MiniStack (.venv) ahead of time'
    )
    .action(
      guarded(async () => {
        const { installLocalPrerequisites } = await import(
          '#local/local-install.ts'
        );
        installLocalPrerequisites(root, (line) => console.log(line));
      })
    );

  local
    .command('down')
    .description('stop what `tripline local up` started')
    .action(
      guarded(async () => {
        const { localDown } = await stack();
        await localDown(root, (line) => console.log(line));
      })
    );

  local
    .command('status')
    .description('show each part of the local loop and its address')
    .action(
      guarded(async () => {
        const { localStatus } = await stack();
        const lines = await localStatus(root);
        console.log(
          lines.length > 0
            ? lines.join('\n')
            : 'nothing started: run `tripline local up`'
        );
      })
    );

  local
    .command('run')
    .description('run the poller in the foreground (in-process function)')
    .option(
      '--batch-size <n>',
      'records per invocation at most',
      integer(1),
      100
    )
    .option('--window-ms <ms>', 'batching window', integer(0), 500)
    .option(
      '--retries <n>',
      'retries after a failure; -1 infinite',
      integer(-1),
      -1
    )
    .option('--max-record-age <s>', 'seconds; -1 infinite', integer(-1), -1)
    .option('--bisect', 'split a batch in two when the function throws', false)
    .option('--group <id>', 'consumer group', 'tripline-local')
    .option(
      '--on-failure-file <path>',
      'keep given-up records in this file instead of the quarantine queue'
    )
    .action(
      guarded(
        async (options: {
          batchSize?: number;
          windowMs?: number;
          retries?: number;
          maxRecordAge?: number;
          bisect?: boolean;
          group?: string;
          onFailureFile?: string;
        }) => {
          const { runPollerCommand } = await import('#local/run-command.ts');
          await runPollerCommand(root, {
            settings: {
              batchSize: options.batchSize,
              batchingWindowMs: options.windowMs,
              maxRetryAttempts: options.retries,
              maxRecordAgeSeconds: options.maxRecordAge,
              bisectBatchOnFunctionError: options.bisect,
              groupId: options.group,
            },
            onFailureFile: options.onFailureFile,
          });
        }
      )
    );

  registerServers(local);
};
