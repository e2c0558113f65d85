/**
 * @module Filter files in a local folder, for the reloading trigger set.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type {
  FilterFileContent,
  FilterFileEntry,
  FilterFiles,
} from '#core/filter-files.ts';
import { FILTER_EXTENSION } from './fs-trigger-source.ts';

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
