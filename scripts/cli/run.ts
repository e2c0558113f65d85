/**
 * @module `tripline run`: replay events through the core, in-process.
 */
import type { Command } from 'commander';
import { HttpProfileSource } from '#adapters/http-profile-source.ts';
import { MemoryCheckpointStore } from '#adapters/memory-checkpoint-store.ts';
import type { TriggerFiredDetail } from '#core/actions.ts';
import { describeError } from '#core/errors.ts';
import type { MskRecord } from '#core/msk.ts';
import { eventClock } from '#core/ports.ts';
import { processBatch } from '#core/process-batch.ts';
import { CountingMetrics, type LoggerPort } from '#core/telemetry.ts';
import { loadFolderTriggers } from '#trigger/pipeline.ts';
import { addCoreOptions, type CoreFlags, positiveInt } from './core-options.ts';
import { type EventText, readEventTexts } from './event-files.ts';

/** Options of `tripline run`. */
export type RunOptions = CoreFlags & {
  filters: string;
  json: boolean;
  profileApi?: string;
  batchSize: number;
};

/** Topic name given to replayed records. */
export const REPLAY_TOPIC = 'replay';

/** Turns event texts into MSK records of one replay partition. */
export const toReplayRecords = (texts: readonly EventText[]): MskRecord[] =>
  texts.map((text, offset) => ({
    topic: REPLAY_TOPIC,
    partition: 0,
    offset,
    timestamp: 0,
    timestampType: 'CREATE_TIME',
    value: Buffer.from(text.text, 'utf8').toString('base64'),
  }));

const stderrLogger: LoggerPort = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, ...extra) =>
    process.stderr.write(
      `warning: ${message} ${JSON.stringify(Object.assign({}, ...extra))}\n`
    ),
  error: (message, ...extra) =>
    process.stderr.write(
      `error: ${message} ${JSON.stringify(Object.assign({}, ...extra))}\n`
    ),
};

const printFired = (detail: TriggerFiredDetail, json: boolean): void => {
  if (json) {
    process.stdout.write(
      `${JSON.stringify({
        trigger: detail.trigger,
        action_id: detail.action_id,
        user_id: detail.user_id,
        event_id: detail.event_id,
        triggeredAt: detail.triggeredAt,
        history_length: detail.history.length,
      })}\n`
    );
    return;
  }
  process.stdout.write(
    `FIRED ${detail.trigger}  user=${detail.user_id} ` +
      `event=${detail.event_id} at=${detail.triggeredAt} ` +
      `action=${detail.action_id}\n`
  );
};

/**
 * Replays the events at `paths` through the core with an in-memory store
 * and the event-time clock. Returns the process exit code.
 */
export const runReplay = async (
  paths: readonly string[],
  options: RunOptions
): Promise<number> => {
  const triggers = await loadFolderTriggers(options.filters, 1000);
  const texts = await readEventTexts(paths);
  const records = toReplayRecords(texts);
  const metrics = new CountingMetrics();
  const deps = {
    store: new MemoryCheckpointStore(),
    actions: { emit: async () => new Set<string>() },
    quarantine: { quarantine: async () => [] },
    triggers,
    profiles: options.profileApi
      ? new HttpProfileSource({
          baseUrl: options.profileApi,
          timeoutMs: 5000,
          retries: 3,
        })
      : undefined,
    clock: eventClock,
    logger: stderrLogger,
    metrics,
    historyCap: options.historyCap,
    historyDetail: options.historyDetail,
    ttlSeconds: options.ttlMinutes * 60,
    userConcurrency: 16,
  };

  let events = 0;
  let invalid = 0;
  let fired = 0;
  for (let start = 0; start < records.length; start += options.batchSize) {
    const result = await processBatch(
      records.slice(start, start + options.batchSize),
      deps
    );
    for (const rejected of result.rejected) {
      invalid++;
      const origin = texts[rejected.offset]?.origin ?? `#${rejected.offset}`;
      process.stderr.write(
        `invalid: ${origin}: ${rejected.reason}: ${rejected.detail}\n`
      );
    }
    const ordered = [...result.actions].sort(
      (a, b) => a.position.offset - b.position.offset
    );
    for (const action of ordered) printFired(action.detail, options.json);
    events += result.processed;
    fired += result.actions.length;
  }
  process.stderr.write(
    `${JSON.stringify({ events, invalid, fired, filter_errors: metrics.get('FilterErrors') })}\n`
  );

  return 0;
};

/** Registers `tripline run`. */
export const registerRunCommand = (program: Command): void => {
  addCoreOptions(program.command('run'))
    .description(
      'replay events through the triggers, in-process, on event time'
    )
    .argument('<paths...>', 'JSON, JSON Lines files or folders of them')
    .option('--filters <dir>', 'folder of .jsonata filters', 'filters')
    .option('--json', 'one JSON object per fired trigger on stdout', false)
    .option('--profile-api <url>', 'enrich new checkpoints from this API')
    .option('--batch-size <n>', 'records per batch', positiveInt, 1000)
    .action(async (paths: string[], options: RunOptions) => {
      try {
        process.exitCode = await runReplay(paths, options);
      } catch (error) {
        process.stderr.write(`tripline run: ${describeError(error)}\n`);
        process.exitCode = 1;
      }
    });
};
