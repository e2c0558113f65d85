/**
 * @module The live trigger set: reloads the filter files at most every N
 * seconds and keeps each trigger's last good version when a new one does
 * not compile.
 */
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { describeError, FilterCompileError } from './errors.ts';
import {
  type FilterFileContent,
  type FilterFileEntry,
  type FilterFiles,
  FilterListError,
} from './filter-files.ts';
import { type CompiledTrigger, compileTrigger } from './filters.ts';
import type { TriggerSet } from './ports.ts';
import {
  type LoggerPort,
  Metric,
  type MetricsPort,
  silentLogger,
} from './telemetry.ts';

/** Settings of a {@link TriggerRegistry}. */
export type TriggerRegistryOptions = {
  readonly files: FilterFiles;
  /**
   * Seconds between two checks of the files; 0 checks before every batch.
   * @default 60
   */
  readonly reloadSeconds?: number;
  /** Evaluation timeout of each filter. @default 100 */
  readonly timeoutMs?: number;
  readonly logger?: LoggerPort;
  readonly metrics?: MetricsPort;
  /** A monotonic clock in ms. @default performance.now */
  readonly now?: () => number;
  /** Older versions tried when a new file does not compile. @default 5 */
  readonly maxPreviousVersions?: number;
};

/** What one reload changed, by trigger name. */
export type ReloadSummary = {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  /** Files whose newest version could not be read or compiled. */
  readonly failed: string[];
};

type Slot = {
  /** The version last read, good or not: an unchanged file is not re-read. */
  seen: string;
  /** The newest version that compiled; runs until a better one comes. */
  good: CompiledTrigger | undefined;
};

const READ_CONCURRENCY = 8;

const sha256 = (text: string): string =>
  createHash('sha256').update(text).digest('hex');

/**
 * A {@link TriggerSet} that follows the filter files without a restart.
 * An unchanged set costs one `list` call per interval; only files whose
 * version changed are read and compiled. A file that does not compile is
 * logged with its position and counted (`FilterReloadErrors`); the
 * trigger's last good version keeps running. A removed file stops its
 * trigger, a new file starts one.
 *
 * @example
 * ```ts
 * const triggers = new TriggerRegistry({
 *   files: new FolderFilterFiles('filters'),
 *   reloadSeconds: 60,
 * });
 * const live = await triggers.current();
 * ```
 */
export class TriggerRegistry implements TriggerSet {
  readonly #files: FilterFiles;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #logger: LoggerPort;
  readonly #metrics: MetricsPort | undefined;
  readonly #now: () => number;
  readonly #maxPrevious: number;
  readonly #slots = new Map<string, Slot>();
  #triggers: readonly CompiledTrigger[] = [];
  #checkedAt: number | undefined;
  #reloading: Promise<ReloadSummary> | undefined;

  constructor(options: TriggerRegistryOptions) {
    this.#files = options.files;
    this.#intervalMs = (options.reloadSeconds ?? 60) * 1000;
    this.#timeoutMs = options.timeoutMs ?? 100;
    this.#logger = options.logger ?? silentLogger;
    this.#metrics = options.metrics;
    this.#now = options.now ?? (() => performance.now());
    this.#maxPrevious = options.maxPreviousVersions ?? 5;
  }

  /**
   * The triggers to run now, in name order. Checks the files first when
   * the interval has passed. Throws a {@link FilterListError} only when
   * the files have never been listed successfully.
   */
  async current(): Promise<readonly CompiledTrigger[]> {
    const checkedAt = this.#checkedAt;
    if (
      checkedAt === undefined ||
      this.#now() - checkedAt >= this.#intervalMs
    ) {
      await this.reload();
    }

    return this.#triggers;
  }

  /** Checks the files now, whatever the interval; one check at a time. */
  reload(): Promise<ReloadSummary> {
    this.#reloading ??= this.#reload().finally(() => {
      this.#reloading = undefined;
    });

    return this.#reloading;
  }

  async #reload(): Promise<ReloadSummary> {
    const summary: ReloadSummary = {
      added: [],
      changed: [],
      removed: [],
      failed: [],
    };
    let entries: FilterFileEntry[];
    try {
      entries = await this.#files.list();
    } catch (error) {
      if (this.#checkedAt === undefined) {
        throw new FilterListError('cannot list the filter files', {
          cause: error,
        });
      }
      this.#countError();
      this.#logger.error('filter listing failed; keeping the running set', {
        error: describeError(error),
      });
      this.#checkedAt = this.#now();
      return summary;
    }

    const listed = new Set(entries.map((entry) => entry.name));
    for (const name of this.#slots.keys()) {
      if (listed.has(name)) continue;
      this.#slots.delete(name);
      summary.removed.push(name);
    }
    const limit = pLimit(READ_CONCURRENCY);
    await Promise.all(
      entries
        .filter((entry) => this.#slots.get(entry.name)?.seen !== entry.version)
        .map((entry) => limit(() => this.#refresh(entry, summary)))
    );

    this.#triggers = [...this.#slots.values()]
      .flatMap((slot) => (slot.good ? [slot.good] : []))
      .sort((a, b) => a.name.localeCompare(b.name));
    this.#checkedAt = this.#now();
    const { added, changed, removed, failed } = summary;
    if (added.length + changed.length + removed.length + failed.length > 0) {
      this.#logger.info('filters reloaded', {
        added,
        changed,
        removed,
        failed,
        running: this.#triggers.map((trigger) => trigger.name),
      });
    }

    return summary;
  }

  async #refresh(entry: FilterFileEntry, summary: ReloadSummary) {
    const slot = this.#slots.get(entry.name);
    let content: FilterFileContent;
    try {
      content = await this.#files.read(entry);
    } catch (error) {
      // The slot keeps its old `seen`, so the next check reads it again.
      this.#countError();
      summary.failed.push(entry.name);
      this.#logger.error('filter unreadable; keeping its last good version', {
        trigger: entry.name,
        file: entry.file,
        error: describeError(error),
      });
      return;
    }

    if (slot?.good && slot.good.sourceHash === sha256(content.source)) {
      slot.seen = content.version;
      return;
    }
    const compiled = this.#compile(entry, content);
    if (compiled instanceof FilterCompileError) {
      this.#countError();
      summary.failed.push(entry.name);
      const fallback = slot?.good ?? (await this.#previousGood(entry));
      this.#logger.error(
        'filter does not compile; keeping its last good version',
        {
          trigger: entry.name,
          file: compiled.file,
          line: compiled.line,
          column: compiled.column,
          error: compiled.message,
          running: fallback?.file ?? 'none',
        }
      );
      this.#slots.set(entry.name, { seen: content.version, good: fallback });
      return;
    }

    if (slot) summary.changed.push(entry.name);
    else summary.added.push(entry.name);
    this.#slots.set(entry.name, { seen: content.version, good: compiled });
  }

  #compile(
    entry: FilterFileEntry,
    content: FilterFileContent
  ): CompiledTrigger | FilterCompileError {
    try {
      return compileTrigger(
        {
          name: entry.name,
          file: content.file ?? entry.file,
          source: content.source,
        },
        { timeoutMs: this.#timeoutMs }
      );
    } catch (error) {
      if (error instanceof FilterCompileError) return error;
      throw error;
    }
  }

  async #previousGood(
    entry: FilterFileEntry
  ): Promise<CompiledTrigger | undefined> {
    if (!this.#files.previousVersions) return undefined;
    let tried = 0;
    try {
      for await (const content of this.#files.previousVersions(entry)) {
        if (tried++ >= this.#maxPrevious) return undefined;
        const compiled = this.#compile(entry, content);
        if (!(compiled instanceof FilterCompileError)) return compiled;
      }
    } catch (error) {
      this.#logger.warn('older filter versions unreadable', {
        trigger: entry.name,
        error: describeError(error),
      });
    }

    return undefined;
  }

  #countError(): void {
    this.#metrics?.add(Metric.FILTER_RELOAD_ERRORS, 'Count', 1);
  }
}
