/**
 * @module Reading filter files from a local folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TriggerSource } from '#core/filters.ts';

/** File extension of a filter. */
export const FILTER_EXTENSION = '.jsonata';

/**
 * Reads every `*.jsonata` file directly in `dir` (not in sub-folders), in
 * name order. The trigger name is the file name without its extension.
 */
export const readTriggerSources = async (
  dir: string
): Promise<TriggerSource[]> => {
  const names = (await readdir(dir))
    .filter((name) => name.endsWith(FILTER_EXTENSION))
    .sort();

  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      return {
        name: basename(name, FILTER_EXTENSION),
        file,
        source: await readFile(file, 'utf8'),
      };
    })
  );
};
