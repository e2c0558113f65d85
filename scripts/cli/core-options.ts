/**
 * @module The options every command that runs the core in-process takes.
 */
import { type Command, Option } from 'commander';
import { HistoryDetail, type HistoryDetailLevel } from '#core/checkpoint.ts';
import { integerAtLeast } from '#local/cli-arguments.ts';

/** The core settings given on the command line. */
export type CoreFlags = {
  ttlMinutes: number;
  historyCap: number;
  historyDetail?: HistoryDetailLevel;
};

/** A parser for an integer of at least 1. */
export const positiveInt = integerAtLeast(1);

/** Adds `--ttl-minutes`, `--history-cap` and `--history-detail`. */
export const addCoreOptions = (command: Command): Command =>
  command
    .option('--ttl-minutes <n>', 'checkpoint lifetime', positiveInt, 10)
    .option('--history-cap <n>', 'events kept in history', positiveInt, 100)
    .addOption(
      new Option('--history-detail <level>', 'what history entries keep')
        .choices(Object.values(HistoryDetail))
        .default(HistoryDetail.FULL)
    );
