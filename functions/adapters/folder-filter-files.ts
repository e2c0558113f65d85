/**
 * @module Filter files in a local folder: read once (the CLI) or followed
 * by the reloading trigger set.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type {
  FilterFileContent,
  FilterFileEntry,
  FilterFiles,
} from '#core/filter-files.ts';
import type { TriggerSource } from '#core/filters.ts';

/** File extension of a filter. */
export const FILTER_EXTENSION = '.jsonata';

/**
 * The `*.jsonata` files directly in a folder (not in sub-folders). A
 * file's version is its modification time and size, so listing reads no
 * content; the registry compares content hashes before recompiling.
 */
export class FolderFilterFiles implements FilterFiles {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async list(): Promise<FilterFileEntry[]> {
    const dirents = await readdir(this.#dir, { withFileTypes: true });
    const files = dirents
      .filter((dirent) => dirent.isFile())
      .map((dirent) => dirent.name)
      .filter((name) => name.endsWith(FILTER_EXTENSION))
      .sort();

    return Promise.all(
      files.map(async (name) => {
        const file = join(this.#dir, name);
        const info = await stat(file);
        return {
          name: basename(name, FILTER_EXTENSION),
          file,
          version: `${info.mtimeMs}:${info.size}`,
        };
      })
    );
  }

  async read(entry: FilterFileEntry): Promise<FilterFileContent> {
    return {
      source: await readFile(entry.file, 'utf8'),
      version: entry.version,
    };
  }
}

/**
 * Reads every `*.jsonata` file directly in `dir` (not in sub-folders), in
 * name order. The trigger name is the file name without its extension.
 */
export const readTriggerSources = async (
  dir: string
): Promise<TriggerSource[]> => {
  const files = new FolderFilterFiles(dir);
  const entries = await files.list();

  return Promise.all(
    entries.map(async (entry) => ({
      name: entry.name,
      file: entry.file,
      source: (await files.read(entry)).source,
    }))
  );
};
