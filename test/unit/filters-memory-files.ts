/**
 * @module Test doubles for the trigger registry: filter files in memory
 * and a logger that records.
 */
import type {
  FilterFileContent,
  FilterFileEntry,
  FilterFiles,
} from '#core/filter-files.ts';
import type { LoggerPort } from '#core/telemetry.ts';

/** A log call as recorded. */
export type Logged = {
  level: string;
  message: string;
  extra: Record<string, unknown>;
};

/** Filter files in memory; each write bumps the file's version. */
export class MemoryFilterFiles implements FilterFiles {
  readonly files = new Map<string, { source: string; version: string }>();
  readonly older = new Map<string, string[]>();
  lists = 0;
  reads = 0;
  failList = false;
  failRead = false;
  #writes = 0;

  write(name: string, source: string): void {
    this.files.set(name, { source, version: `v${++this.#writes}` });
  }

  async list(): Promise<FilterFileEntry[]> {
    this.lists++;
    if (this.failList) throw new Error('listing unavailable');
    return [...this.files].map(([name, file]) => ({
      name,
      file: `mem/${name}.jsonata`,
      version: file.version,
    }));
  }

  async read(entry: FilterFileEntry): Promise<FilterFileContent> {
    this.reads++;
    const file = this.files.get(entry.name);
    if (this.failRead || !file) throw new Error(`cannot read ${entry.name}`);
    return { source: file.source, version: file.version };
  }

  async *previousVersions(
    entry: FilterFileEntry
  ): AsyncIterable<FilterFileContent> {
    for (const [index, source] of (
      this.older.get(entry.name) ?? []
    ).entries()) {
      yield {
        source,
        version: `old${index}`,
        file: `mem/${entry.name}@old${index}`,
      };
    }
  }
}

/** A logger that records every call into `logged`. */
export const recordingLogger = (logged: Logged[]): LoggerPort => {
  const at =
    (level: string) =>
    (message: string, ...extra: Record<string, unknown>[]) => {
      logged.push({ level, message, extra: Object.assign({}, ...extra) });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
};
